package dev.eddy.runtime;

import com.typesafe.config.Config;
import dev.eddy.reactor.internal.Reactor;
import dev.eddy.runtime.internal.BlockingPool;
import dev.eddy.runtime.internal.MetricsView;
import dev.eddy.runtime.internal.Scheduler;
import dev.eddy.runtime.internal.Shutdown;
import dev.eddy.runtime.internal.WorkerThread;
import dev.eddy.time.Clock;
import dev.eddy.time.Timer;
import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Eddy's executor: a fixed set of worker threads that run tasks, with work stealing between
 * them, a blocking pool beside them and a timer wheel. Tokio's {@code Runtime}.
 *
 * <p>Everything in Eddy runs as a task on a runtime: plain code given to {@link #spawn(Runnable)},
 * {@link #spawn(Callable)} or {@link #spawnAsync(Supplier)}, and state machines (actors,
 * connections) that implement {@link Task}. A task must not block its worker; blocking calls go
 * to {@link #spawnBlocking(Callable)}.
 *
 * <pre>{@code
 * try (Runtime runtime = Runtime.create()) {
 *   JoinHandle<Integer> answer = runtime.spawn(() -> 6 * 7);
 *   int value = runtime.blockOn(() -> answer.thenApply(v -> v + 1)); // 43
 * }
 * }</pre>
 *
 * <p>Thread-safety: every method may be called from any thread. A runtime is also an {@link
 * Executor}, so it can run the {@code *Async} steps of a {@link CompletableFuture}.
 *
 * <p>Lifecycle: a runtime starts its threads when built and keeps the JVM alive (its workers are
 * not daemon threads) until {@link #shutdown(Duration)} or {@link #close()}.
 */
public final class Runtime implements Executor, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Runtime.class);

  private final RuntimeConfig config;
  private final Scheduler scheduler;
  private final BlockingPool blocking;
  private final WheelTimer timer;
  private final RuntimeMetrics metrics;
  private final Shutdown shutdown;

  private Runtime(Builder b) {
    this.config = b.build0();
    this.scheduler = new Scheduler(config, this, b.hooks, new Reactor(config.workers())::parker);
    this.blocking = new BlockingPool(scheduler, config);
    this.timer = new WheelTimer(b.clock, scheduler.internalExecutor(), config.timerTick(),
        config.timerWheelSize(),
        config.timerThreadName());
    this.metrics = new MetricsView(scheduler, blocking);
    this.shutdown = new Shutdown(config, scheduler, timer, blocking);
    scheduler.start();
    timer.start();
    log.debug("Runtime started: {} workers, local queue {}, blocking pool up to {} {} threads",
        config.workers(), config.localQueueCapacity(), config.blockingMaxThreads(),
        blocking.usesVirtualThreads() ? "virtual" : "platform");
  }

  /** A runtime with the settings of {@code eddy.runtime} in this process's configuration. */
  public static Runtime create() {
    return builder().build();
  }

  /** A builder starting from this process's configuration ({@link RuntimeConfig#load()}). */
  public static Builder builder() {
    return new Builder(RuntimeConfig.load());
  }

  /** A builder starting from {@code eddy.runtime} in {@code config}. */
  public static Builder builder(Config config) {
    return new Builder(RuntimeConfig.from(config));
  }

  /**
   * The runtime whose task (or blocking work) is running on this thread.
   *
   * @throws IllegalStateException when called from a thread that is not a worker or blocking
   *     thread of a runtime
   */
  public static Runtime current() {
    if (Thread.currentThread() instanceof WorkerThread t) {
      return t.worker().scheduler().runtime();
    }
    Runtime r = BlockingPool.currentRuntime();
    if (r == null) {
      throw new IllegalStateException("Runtime.current() called on thread "
          + Thread.currentThread().getName() + ", which is not a thread of an Eddy runtime; "
          + "pass the Runtime to this code instead");
    }
    return r;
  }

  // ---- spawning ----------------------------------------------------------------------------

  /**
   * Runs {@code work} as a task. From a worker thread the task goes to that worker (it runs soon
   * after the current task, on the same thread unless another worker steals it); from any other
   * thread it goes to the global queue and wakes an idle worker.
   *
   * @return a handle that completes with {@code null} when {@code work} has run, or with its
   *     exception; after shutdown has begun, a call from outside the runtime's threads gets a
   *     handle already failed with {@link RejectedExecutionException}
   */
  public JoinHandle<Void> spawn(Runnable work) {
    return scheduler.spawn(Objects.requireNonNull(work, "work"));
  }

  /** As {@link #spawn(Runnable)}, completing the handle with {@code work}'s result. */
  public <T> JoinHandle<T> spawn(Callable<T> work) {
    return scheduler.spawn(Objects.requireNonNull(work, "work"));
  }

  /**
   * Calls {@code work} on a worker and completes the handle with the outcome of the stage it
   * returns: the way to start asynchronous code, such as a chain of {@code thenCompose} steps, on
   * the runtime. Aborting the handle after {@code work} has run cancels that stage where it can.
   */
  public <T> JoinHandle<T> spawnAsync(Supplier<? extends CompletionStage<T>> work) {
    return scheduler.spawnAsync(Objects.requireNonNull(work, "work"));
  }

  /** Schedules {@code task} to be polled now and whenever it is woken, until it finishes. */
  public TaskHandle spawn(Task task) {
    return scheduler.spawn(Objects.requireNonNull(task, "task"));
  }

  /**
   * Creates a task without scheduling it: it is first polled after its handle's {@link
   * TaskHandle#wake()}. Lets an owner store the handle (the waker) before anything can wake it.
   */
  public TaskHandle register(Task task) {
    return scheduler.register(Objects.requireNonNull(task, "task"));
  }

  /**
   * Runs {@code work}, which may block (file I/O, JDBC, a lock), on the blocking pool, so that
   * the workers stay free. The handle is completed on a worker thread. Aborting it interrupts the
   * work if it has started, and skips it if it has not.
   */
  public <T> JoinHandle<T> spawnBlocking(Callable<T> work) {
    return blocking.submit(Objects.requireNonNull(work, "work"));
  }

  /**
   * {@link Executor} view: runs {@code command} as a task, as {@link #spawn(Runnable)}.
   *
   * @throws RejectedExecutionException once shutdown has begun (from outside the runtime)
   */
  @Override
  public void execute(Runnable command) {
    if (!scheduler.execute(Objects.requireNonNull(command, "command"))) {
      throw new RejectedExecutionException("runtime is shutting down: no new tasks from outside "
          + "its workers");
    }
  }

  /**
   * Runs {@code work} on the runtime and waits for the stage it returns: the bridge from a plain
   * thread ({@code main}, a test, a servlet) into async code. Tokio's {@code block_on}.
   *
   * @return the stage's value
   * @throws RuntimeException the stage's failure, unwrapped if it is unchecked; a checked failure
   *     is wrapped in a {@link CompletionException}
   * @throws CancellationException if the task was aborted or the thread was interrupted (the
   *     interrupt flag is then set again and the task aborted)
   * @throws IllegalStateException if called on a worker thread, which it would block
   */
  public <T> T blockOn(Supplier<? extends CompletionStage<T>> work) {
    if (Thread.currentThread() instanceof WorkerThread) {
      throw new IllegalStateException("blockOn called on worker thread "
          + Thread.currentThread().getName() + ", which it would block; compose the stage instead");
    }
    JoinHandle<T> handle = spawnAsync(work);
    try {
      return handle.toCompletableFuture().get();
    } catch (InterruptedException e) {
      handle.abort();
      Thread.currentThread().interrupt();
      CancellationException c = new CancellationException("interrupted while in blockOn");
      c.initCause(e);
      throw c;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CompletionException(cause);
    }
  }

  // ---- services ----------------------------------------------------------------------------

  /** This runtime's timers: sleep, timeout, schedule, interval. */
  public Timer timer() {
    return timer;
  }

  /** Live counters; see {@link RuntimeMetrics}. */
  public RuntimeMetrics metrics() {
    return metrics;
  }

  /** The scheduler, for tests of this package. */
  Scheduler scheduler() {
    return scheduler;
  }

  /** The settings this runtime was built with. */
  public RuntimeConfig config() {
    return config;
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /**
   * Stops the runtime: refuses new tasks from outside, lets tasks finish until {@code timeout}
   * has passed, then aborts the rest (their handles fail with {@link CancellationException}),
   * stops the timer and the blocking pool, and joins every thread, each for at most {@code
   * eddy.runtime.shutdown-join-timeout}. Tasks still running may spawn and wake other tasks until
   * the deadline. Completions the runtime itself still holds (a timer that has fired, a deferred
   * channel delivery) run on the stopping thread rather than being dropped.
   *
   * <p>Not interruptible: an interrupt of the calling thread is remembered and re-asserted when
   * this returns, and every step still runs.
   *
   * <p>Must not be called from one of this runtime's own threads, workers or blocking pool (it
   * would wait for itself). A second caller waits for the first and gets the same result; if a
   * thread is still alive then (a task blocked its worker past the join timeout) it joins the
   * threads again. A call from a callback that the shutdown itself runs (the continuation of a
   * task or timer it aborts, on the stopping thread or the timer thread) does not wait: it
   * returns {@code false} at once, and the shutdown goes on.
   *
   * @return {@code true} if every task finished before the deadline, {@code false} if some were
   *     aborted
   */
  public boolean shutdown(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Thread caller = Thread.currentThread();
    if (scheduler.isWorkerThreadOf(caller) || BlockingPool.currentRuntime() == this) {
      throw new IllegalStateException("shutdown called on thread "
          + caller.getName() + " of the runtime it would wait for; call it "
          + "from a thread of your own, e.g. new Thread(() -> runtime.shutdown(timeout)).start()");
    }
    return shutdown.shutdown(timeout);
  }

  /** {@link #shutdown(Duration)} with {@code eddy.runtime.shutdown-timeout}. */
  @Override
  public void close() {
    shutdown(config.shutdownTimeout());
  }

  /** Whether shutdown has begun. */
  public boolean isShutdown() {
    return !scheduler.isAccepting();
  }

  /**
   * A stage that completes when shutdown has finished and every thread (workers, timer, blocking
   * pool) has stopped; never before. If a task keeps its worker blocked, this completes when that
   * task returns.
   */
  public CompletionStage<Void> whenTerminated() {
    return shutdown.terminated().thenApply(clean -> (Void) null).minimalCompletionStage();
  }

  @Override
  public String toString() {
    return "Runtime[workers=" + config.workers() + ", alive=" + scheduler.aliveTasks()
        + (isShutdown() ? ", shut down" : "") + "]";
  }

  /**
   * Builds a {@link Runtime}. Starts from the loaded configuration; each setter overrides one
   * value. Not thread-safe; use one builder on one thread.
   */
  public static final class Builder {
    private int workers;
    private String threadNamePrefix;
    private int localQueueCapacity;
    private int globalQueueInterval;
    private int maxLifoPolls;
    private int budget;
    private int eventInterval;
    private int searchSpins;
    private Duration shutdownTimeout;
    private int blockingMaxThreads;
    private Duration blockingKeepAlive;
    private String blockingVirtualThreads;
    private String blockingThreadNamePrefix;
    private Duration timerTick;
    private int timerWheelSize;
    private String timerThreadName;
    private Duration shutdownJoinTimeout;
    private int blockingMaxQueued;
    private Duration blockedWarning;
    private Duration ioTakeoverAfter;
    private RuntimeHooks hooks;
    private Clock clock = Clock.system();

    private Builder(RuntimeConfig c) {
      workers = c.workers();
      threadNamePrefix = c.threadNamePrefix();
      localQueueCapacity = c.localQueueCapacity();
      globalQueueInterval = c.globalQueueInterval();
      maxLifoPolls = c.maxLifoPolls();
      budget = c.budget();
      eventInterval = c.eventInterval();
      searchSpins = c.searchSpins();
      shutdownTimeout = c.shutdownTimeout();
      blockingMaxThreads = c.blockingMaxThreads();
      blockingKeepAlive = c.blockingKeepAlive();
      blockingVirtualThreads = c.blockingVirtualThreads();
      blockingThreadNamePrefix = c.blockingThreadNamePrefix();
      timerTick = c.timerTick();
      timerWheelSize = c.timerWheelSize();
      timerThreadName = c.timerThreadName();
      shutdownJoinTimeout = c.shutdownJoinTimeout();
      blockingMaxQueued = c.blockingMaxQueued();
      blockedWarning = c.blockedWarning();
      ioTakeoverAfter = c.ioTakeoverAfter();
    }

    /** Worker threads ({@code eddy.runtime.workers}); at least 1. */
    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /** Worker thread name prefix ({@code eddy.runtime.thread-name-prefix}). */
    public Builder threadNamePrefix(String prefix) {
      this.threadNamePrefix = prefix;
      return this;
    }

    /** Local run queue capacity, a power of two ({@code eddy.runtime.local-queue-capacity}). */
    public Builder localQueueCapacity(int capacity) {
      this.localQueueCapacity = capacity;
      return this;
    }

    /** Ticks between inject-queue checks ({@code eddy.runtime.global-queue-interval}). */
    public Builder globalQueueInterval(int ticks) {
      this.globalQueueInterval = ticks;
      return this;
    }

    /** Consecutive LIFO-slot polls, 0 disables it ({@code eddy.runtime.max-lifo-polls}). */
    public Builder maxLifoPolls(int polls) {
      this.maxLifoPolls = polls;
      return this;
    }

    /** Cooperative budget per poll ({@code eddy.runtime.budget}). */
    public Builder budget(int units) {
      this.budget = units;
      return this;
    }

    /** Ticks between non-blocking I/O polls ({@code eddy.runtime.event-interval}). */
    public Builder eventInterval(int ticks) {
      this.eventInterval = ticks;
      return this;
    }

    /** Extra search rounds before an idle worker parks ({@code eddy.runtime.search-spins}). */
    public Builder searchSpins(int rounds) {
      this.searchSpins = rounds;
      return this;
    }

    /** Deadline used by {@link Runtime#close()} ({@code eddy.runtime.shutdown-timeout}). */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /** Bound on blocking threads ({@code eddy.runtime.blocking.max-threads}). */
    public Builder blockingMaxThreads(int threads) {
      this.blockingMaxThreads = threads;
      return this;
    }

    /**
     * How long a shutdown waits for each thread to stop once tasks are aborted ({@code
     * eddy.runtime.shutdown-join-timeout}).
     */
    public Builder shutdownJoinTimeout(Duration timeout) {
      this.shutdownJoinTimeout = timeout;
      return this;
    }

    /** Bound on blocking work waiting for a thread ({@code eddy.runtime.blocking.max-queued}). */
    public Builder blockingMaxQueued(int queued) {
      this.blockingMaxQueued = queued;
      return this;
    }

    /** Idle time before a blocking thread exits ({@code eddy.runtime.blocking.keep-alive}). */
    public Builder blockingKeepAlive(Duration keepAlive) {
      this.blockingKeepAlive = keepAlive;
      return this;
    }

    /** {@code auto}, {@code on} or {@code off} ({@code eddy.runtime.blocking.virtual-threads}). */
    public Builder blockingVirtualThreads(String mode) {
      this.blockingVirtualThreads = mode;
      return this;
    }

    /** Timer resolution ({@code eddy.runtime.timer.tick}). */
    public Builder timerTick(Duration tick) {
      this.timerTick = tick;
      return this;
    }

    /** Timer wheel slots, a power of two ({@code eddy.runtime.timer.wheel-size}). */
    public Builder timerWheelSize(int slots) {
      this.timerWheelSize = slots;
      return this;
    }

    /**
     * One poll running this long is logged at WARN with the worker's stack and counted, zero for
     * off ({@code eddy.runtime.blocked-warning}).
     */
    public Builder blockedWarning(Duration threshold) {
      this.blockedWarning = threshold;
      return this;
    }

    /**
     * One poll running this long has its worker's selector driven by another thread until it
     * returns, so that the worker's other connections are still served; zero for off ({@code
     * eddy.runtime.io-takeover-after}).
     */
    public Builder ioTakeoverAfter(Duration threshold) {
      this.ioTakeoverAfter = threshold;
      return this;
    }

    /** Spawn and poll callbacks, for tracing; none by default. */
    public Builder hooks(RuntimeHooks hooks) {
      this.hooks = hooks;
      return this;
    }

    /**
     * The clock the timer measures against: {@link Clock#system()} by default, or a {@link
     * dev.eddy.time.TestClock} to make time move only when a test advances it.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts the runtime.
     *
     * @throws IllegalArgumentException naming the first setting that is out of range
     */
    public Runtime build() {
      return new Runtime(this);
    }

    private RuntimeConfig build0() {
      return new RuntimeConfig(workers, threadNamePrefix, localQueueCapacity, globalQueueInterval,
          maxLifoPolls, budget, eventInterval, searchSpins, shutdownTimeout, blockingMaxThreads,
          blockingKeepAlive, blockingVirtualThreads, blockingThreadNamePrefix, timerTick,
          timerWheelSize, timerThreadName, shutdownJoinTimeout, blockingMaxQueued,
          blockedWarning, ioTakeoverAfter);
    }
  }
}
