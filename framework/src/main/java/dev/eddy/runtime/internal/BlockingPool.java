package dev.eddy.runtime.internal;

import dev.eddy.runtime.JoinHandle;
import dev.eddy.runtime.Runtime;
import dev.eddy.runtime.RuntimeConfig;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code spawnBlocking} work runs: a bounded, elastic pool apart from the workers (Tokio's
 * blocking pool). Threads are created on demand up to {@code blocking.max-threads} and exit after
 * {@code blocking.keep-alive} idle; work beyond the bound waits in a FIFO queue of at most {@code
 * blocking.max-queued} entries, and work beyond that is refused (its handle fails with {@link
 * RejectedExecutionException}), so that a flood of blocking calls cannot grow the heap without
 * limit. On Java 21+ the threads are virtual unless {@code blocking.virtual-threads = off}.
 *
 * <p>The result hops back to a worker: the handle is completed by a runtime worker, never by the
 * blocking thread, so continuations attached to it run on the runtime like everything else.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class BlockingPool {

  private static final Logger log = LoggerFactory.getLogger(BlockingPool.class);

  /** The runtime of the blocking thread this is, for {@code Runtime.current()}. */
  private static final ThreadLocal<Runtime> CURRENT = new ThreadLocal<>();

  private final Scheduler scheduler;
  private final ThreadPoolExecutor executor;
  private final boolean virtual;
  private final int maxQueued;

  public BlockingPool(Scheduler scheduler, RuntimeConfig config) {
    this.scheduler = scheduler;
    ThreadFactory virtualFactory = "off".equals(config.blockingVirtualThreads())
        ? null : virtualThreadFactory(config.blockingThreadNamePrefix());
    if (virtualFactory == null && "on".equals(config.blockingVirtualThreads())) {
      throw new IllegalStateException("eddy.runtime.blocking.virtual-threads = on, but this JVM ("
          + System.getProperty("java.version") + ") has no virtual threads: expected Java 21+, "
          + "or set it to auto or off");
    }
    this.virtual = virtualFactory != null;
    this.maxQueued = config.blockingMaxQueued();
    ThreadFactory factory = virtualFactory != null ? virtualFactory
        : platformFactory(config.blockingThreadNamePrefix());
    this.executor = new ThreadPoolExecutor(config.blockingMaxThreads(),
        config.blockingMaxThreads(), config.blockingKeepAlive().toNanos(), TimeUnit.NANOSECONDS,
        new LinkedBlockingQueue<>(config.blockingMaxQueued()), factory);
    this.executor.allowCoreThreadTimeOut(true);
  }

  /** The runtime whose blocking pool runs the current thread, or {@code null}. */
  public static Runtime currentRuntime() {
    return CURRENT.get();
  }

  public boolean usesVirtualThreads() {
    return virtual;
  }

  public <T> JoinHandle<T> submit(Callable<T> work) {
    BlockingTask<T> task = new BlockingTask<>(scheduler, work);
    if (!scheduler.admit(task, false)) {
      return task;
    }
    Job job = new Job(task, scheduler.runtime());
    task.future = job;
    try {
      executor.execute(job);
    } catch (RejectedExecutionException e) {
      if (executor.isShutdown()) {
        task.abort(); // the runtime stopped in between: cancelled like queued work
      } else {
        task.refuseAdmitted(new RejectedExecutionException("blocking pool is full: "
            + executor.getPoolSize() + " threads busy and " + executor.getQueue().size()
            + " tasks queued, expected at most eddy.runtime.blocking.max-queued = " + maxQueued
            + " waiting; " + work + " was not run"));
      }
    }
    return task;
  }

  /** The pool's unit of work: remembers its task so that shutdown can cancel queued work. */
  private static final class Job extends FutureTask<Void> {
    final BlockingTask<?> task;

    Job(BlockingTask<?> task, Runtime runtime) {
      super(() -> task.runBlocking(runtime), null);
      this.task = task;
    }
  }

  public int threads() {
    return executor.getPoolSize();
  }

  /**
   * Stops taking work, interrupts running work and waits up to {@code millis} for the threads.
   * Not interruptible: an interrupt is kept and re-asserted on return. May be called again.
   *
   * @return whether every blocking thread has ended
   */
  public boolean shutdownNow(long millis) {
    for (Runnable queued : executor.shutdownNow()) {
      if (queued instanceof Job job) {
        job.task.abort(); // never started: its handle completes as cancelled
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return executor.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits, without a bound and uninterruptibly, until every blocking thread has ended. */
  public void awaitStopped() {
    boolean interrupted = false;
    while (true) {
      try {
        if (executor.awaitTermination(1, TimeUnit.DAYS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocking work whose handle a worker completes once the work is done. */
  static final class BlockingTask<T> extends RawTask<T> {
    private final Callable<T> work;
    private T value;
    private Throwable failure;
    volatile Future<?> future;

    BlockingTask(Scheduler scheduler, Callable<T> work) {
      super(scheduler, false);
      this.work = work;
    }

    void runBlocking(Runtime runtime) {
      // Aborted before it started, and counted then. A handle merely completed by its holder is
      // not aborted: the work still runs, and its poll counts it.
      if (isAborted()) {
        return;
      }
      CURRENT.set(runtime);
      try {
        value = work.call();
      } catch (Throwable e) {
        failure = e;
      } finally {
        CURRENT.remove();
      }
      // The writes above happen-before the poll that this wake causes.
      wake();
    }

    @Override
    protected boolean pollsOnce() {
      return true;
    }

    @Override
    protected boolean poll(Worker worker) {
      if (failure != null) {
        log.warn("Blocking task {} failed", work, failure);
        completeExceptionally(failure);
      } else {
        complete(value);
      }
      return true;
    }

    @Override
    public boolean abort() {
      boolean aborted = super.abort();
      Future<?> f = future;
      if (aborted && f != null) {
        f.cancel(true);
      }
      return aborted;
    }
  }

  private static ThreadFactory platformFactory(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
  }

  /** {@code Thread.ofVirtual().name(prefix, 0).factory()} when the JVM has it (Java 21+). */
  private static ThreadFactory virtualThreadFactory(String prefix) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
          MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
      Object builder = ofVirtual.invoke();
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      MethodHandle name = lookup.findVirtual(builderType, "name",
          MethodType.methodType(builderType, String.class, long.class));
      MethodHandle factory = lookup.findVirtual(builderType, "factory",
          MethodType.methodType(ThreadFactory.class));
      return (ThreadFactory) factory.invoke(name.invoke(builder, prefix, 0L));
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return null;
    } catch (Throwable e) {
      log.debug("Virtual threads unavailable, using platform threads for blocking work", e);
      return null;
    }
  }
}
