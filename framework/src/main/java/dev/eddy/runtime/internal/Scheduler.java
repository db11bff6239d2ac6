package dev.eddy.runtime.internal;

import dev.eddy.runtime.JoinHandle;
import dev.eddy.runtime.Runtime;
import dev.eddy.runtime.RuntimeConfig;
import dev.eddy.runtime.RuntimeHooks;
import dev.eddy.runtime.Task;
import dev.eddy.runtime.TaskHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work-stealing scheduler behind a {@link Runtime}: the workers, the inject queue, the idle
 * bookkeeping, task accounting and shutdown.
 *
 * <h2>Shutdown protocol</h2>
 *
 * <ol>
 *   <li>{@link #stopAccepting()}: spawns from outside the workers are refused from now on (the
 *       handle fails with {@link RejectedExecutionException}); tasks already running may still
 *       spawn and wake, so that they can finish.
 *   <li>{@link #awaitQuiescence}: wait until no task is alive, or the deadline passes. Completions
 *       signal the waiter while this phase lasts.
 *   <li>{@link #terminate}: set the shutdown flag and wake every worker. Each worker finishes its
 *       current poll, leaves its loop and cancels what is left in its LIFO slot and local queue.
 *   <li>Join the workers, then cancel what is left in the inject queue and abort every tracked
 *       (idle) task. A wake that races with this is caught by the re-check in {@link #schedule}.
 *       The runtime's own hand-offs ({@link #internalExecutor()}, {@link #deferLocal}) are run
 *       by the draining thread instead of being cancelled, so no completion is lost.
 * </ol>
 *
 * <p>Thread-safety: every public method may be called from any thread.
 */
public final class Scheduler {

  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final RuntimeConfig config;
  private final Runtime runtime;
  private final RuntimeHooks hooks;
  private final Worker[] workers;
  private final InjectQueue inject = new InjectQueue();
  private final Idle idle;
  /** Tasks that can be idle (not in any queue): aborted at shutdown. */
  private final TaskRegistry tracked;
  /** Null when both of its thresholds are off. */
  private final BlockedWorkerDetector detector;

  private final LongAdder externalSpawned = new LongAdder();
  private final LongAdder externalCompleted = new LongAdder();

  private volatile boolean accepting = true;
  private volatile boolean draining;
  private volatile boolean shutdown;
  private final ReentrantLock quiescenceLock = new ReentrantLock();
  private final Condition quiescent = quiescenceLock.newCondition();

  public Scheduler(RuntimeConfig config, Runtime runtime, RuntimeHooks hooks,
      java.util.function.IntFunction<Parker> parkers) {
    this.config = config;
    this.runtime = runtime;
    this.hooks = hooks;
    this.idle = new Idle(config.workers());
    this.tracked = new TaskRegistry(config.workers());
    this.workers = new Worker[config.workers()];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(this, i, parkers.apply(i), config.threadNamePrefix() + i);
    }
    long warn = config.blockedWarning().toNanos();
    long takeover = config.ioTakeoverAfter().toNanos();
    this.detector = warn == 0 && takeover == 0 ? null : new BlockedWorkerDetector(workers, warn,
        takeover, "blocked-checker-" + config.threadNamePrefix());
  }

  public void start() {
    for (Worker w : workers) {
      w.thread().start();
    }
    if (detector != null) {
      detector.start();
    }
  }

  // ---- spawning ----------------------------------------------------------------------------

  public <T> JoinHandle<T> spawn(Callable<T> fn) {
    return submit(new FnTask<>(this, fn));
  }

  public JoinHandle<Void> spawn(Runnable fn) {
    return submit(new FnTask<>(this, fn));
  }

  /** As {@link #spawn(Runnable)} for {@code Executor.execute}: false if refused. */
  public boolean execute(Runnable fn) {
    FnTask<Void> task = new FnTask<>(this, fn);
    if (!admit(task, true)) {
      return false;
    }
    schedule(task, false);
    return true;
  }

  /**
   * The executor of the runtime's own services (the timer): it accepts work until the workers
   * stop, and throws {@link RejectedExecutionException} after. Work it accepted runs even if the
   * workers stop first: the thread that drains the queues at shutdown runs it.
   */
  public java.util.concurrent.Executor internalExecutor() {
    return fn -> {
      FnTask<Void> task = new FnTask<>(this, fn, true);
      if (!admit(task, true, true)) {
        throw new RejectedExecutionException("runtime has stopped: " + fn + " was not run");
      }
      schedule(task, false);
    };
  }

  public <T> JoinHandle<T> spawnAsync(Supplier<? extends CompletionStage<T>> supplier) {
    return submit(new AsyncTask<>(this, supplier));
  }

  public TaskHandle spawn(Task task) {
    return submit(new PollTask(this, task, true));
  }

  /** A task that exists but waits for its first wake. */
  public TaskHandle register(Task task) {
    PollTask t = new PollTask(this, task, false);
    admit(t, false);
    return t;
  }

  private <H extends RawTask<?>> H submit(H task) {
    if (admit(task, true)) {
      schedule(task, false);
    }
    return task;
  }

  /**
   * Counts a new task, or refuses it (completing its handle) when the runtime is stopping.
   *
   * <p>Counting costs a plain store on a worker. From outside, a task about to be pushed to the
   * inject queue ({@code viaInject}) is only marked, and the worker that first takes it from the
   * queue counts it: the producer's one atomic stays the queue's own exchange. Anything else
   * from outside (registered or blocking tasks) is counted in a shared adder.
   */
  boolean admit(RawTask<?> task, boolean viaInject) {
    return admit(task, viaInject, false);
  }

  /**
   * As {@link #admit(RawTask, boolean)}; {@code internal} work (the runtime's own timer) is
   * accepted until the workers stop, not only until shutdown begins, so that timers of tasks
   * finishing during the grace period still fire.
   */
  private boolean admit(RawTask<?> task, boolean viaInject, boolean internal) {
    Worker w = currentWorker();
    if (w == null && (internal ? shutdown : !accepting)) {
      untrack(task);
      task.reject(new RejectedExecutionException(
          "runtime is shutting down: no new tasks from outside its workers"));
      return false;
    }
    // The hook runs before the task is counted: if it fails fatally the task was never alive.
    if (hooks != null) {
      try {
        hooks.onSpawn(task);
      } catch (Throwable e) {
        if (e instanceof VirtualMachineError fatal) {
          untrack(task);
          task.reject(fatal);
          throw fatal;
        }
        log.warn("RuntimeHooks.onSpawn threw; ignored", e);
      }
    }
    if (w != null) {
      w.countSpawned();
    } else if (viaInject) {
      task.markUncounted();
    } else {
      externalSpawned.increment();
    }
    return true;
  }

  /** Queues a task whose state just became SCHEDULED. */
  void schedule(RawTask<?> task, boolean yielded) {
    if (Thread.currentThread() instanceof WorkerThread t && t.worker().scheduler() == this
        && !shutdown) {
      t.worker().scheduleLocal(task, yielded);
      return;
    }
    inject.push(task);
    if (shutdown) {
      // Terminate may already have drained the inject queue; make sure nothing stays behind.
      drainInject();
      return;
    }
    // Every push from outside notifies, as Tokio's notify_parked_remote does: while a worker is
    // searching this is one volatile read. Notifying only when the queue looked empty left a
    // window (a consumer taking the last task with a single pop while a searcher reads the
    // queue as empty) in which the task was announced to no one.
    notifyParked();
  }

  /**
   * Runs {@code completion} as a task at the back of the current worker's queue; if the workers
   * stop first, the thread that drains the queues runs it (a deferred completion is never lost).
   */
  void deferLocal(Runnable completion) {
    FnTask<Void> task = new FnTask<>(this, completion, true);
    if (admit(task, true)) {
      schedule(task, true);
    }
  }

  void notifyParked() {
    int w = idle.workerToNotify();
    if (w >= 0) {
      workers[w].unpark();
    }
  }

  void notifyIfWorkPending() {
    for (Worker w : workers) {
      if (!w.local.isEmpty()) {
        notifyParked();
        return;
      }
    }
    // Sees every push whose producer saw this worker still searching: that producer's exchange
    // came before its read of the idle state, so before this check (see InjectQueue.isEmpty).
    if (!inject.isEmpty()) {
      notifyParked();
    }
  }

  // ---- bookkeeping -------------------------------------------------------------------------

  Worker currentWorker() {
    return Thread.currentThread() instanceof WorkerThread t && t.worker().scheduler() == this
        ? t.worker() : null;
  }

  /** Counts a finished task on whatever thread finished it. */
  void countCompleted(Worker worker) {
    if (worker != null && worker.scheduler() == this
        && Thread.currentThread() == worker.thread()) {
      worker.countCompleted();
    } else {
      externalCompleted.increment();
    }
    onCompleted();
  }

  /** After any completion: lets a graceful shutdown know when the last task is gone. */
  void onCompleted() {
    if (draining) {
      signalIfQuiescent();
    }
  }

  void track(TrackedTask<?> task) {
    tracked.add(task, currentWorker());
  }

  void untrack(RawTask<?> task) {
    if (task instanceof TrackedTask<?> t) {
      tracked.remove(t);
    }
  }

  void beforePoll(RawTask<?> task) {
    try {
      hooks.beforePoll(task);
    } catch (Throwable e) {
      rethrowFatal(e);
      log.warn("RuntimeHooks.beforePoll threw; ignored", e);
    }
  }

  void afterPoll(RawTask<?> task) {
    try {
      hooks.afterPoll(task);
    } catch (Throwable e) {
      rethrowFatal(e);
      log.warn("RuntimeHooks.afterPoll threw; ignored", e);
    }
  }

  /** A hook's failure is its own, except when the JVM itself is failing. */
  private static void rethrowFatal(Throwable e) {
    if (e instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }

  /**
   * Tasks spawned and not yet finished: those counted (see {@link #admit}) plus those still
   * waiting, uncounted, in the inject queue. A snapshot; the inject part is an estimate.
   */
  public long aliveTasks() {
    return countedAlive() + (inject.isEmpty() ? 0 : inject.len());
  }

  private long countedAlive() {
    long done = externalCompleted.sum();
    for (Worker w : workers) {
      done += w.completed();
    }
    long made = externalSpawned.sum();
    for (Worker w : workers) {
      made += w.spawned();
    }
    return Math.max(0, made - done);
  }

  /** No task left: none counted alive and none waiting in the inject queue. */
  private boolean quiescent() {
    if (countedAlive() != 0) {
      return false; // the common case while tasks drain: no need for the pop lock
    }
    // Under the pop lock: a worker counts the tasks it takes from the inject queue before it
    // releases that lock, so no task can be in neither place here.
    return inject.whilePopLocked(() -> countedAlive() == 0 && inject.isEmpty());
  }

  // ---- shutdown ----------------------------------------------------------------------------

  public void stopAccepting() {
    accepting = false;
  }

  public boolean isAccepting() {
    return accepting;
  }

  /**
   * Waits until no task is alive or {@code deadlineNanos} (System.nanoTime) passes. Not
   * interruptible: an interrupt is kept and re-asserted on return, so that an interrupted caller
   * still shuts down completely.
   */
  public boolean awaitQuiescence(long deadlineNanos) {
    draining = true;
    boolean interrupted = false;
    quiescenceLock.lock();
    try {
      while (!quiescent()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          quiescent.awaitNanos(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      return true;
    } finally {
      quiescenceLock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void signalIfQuiescent() {
    if (quiescent()) {
      quiescenceLock.lock();
      try {
        quiescent.signalAll();
      } finally {
        quiescenceLock.unlock();
      }
    }
  }

  /**
   * Stops the workers (each finishes its current poll), then cancels every task left.
   *
   * <p>Not interruptible: an interrupt is kept and re-asserted on return. May be called again
   * (a later shutdown) to wait for workers that did not stop the first time.
   *
   * @return the names of workers that did not stop within {@code joinTimeout} (a task blocked its
   *     thread); empty normally
   */
  public java.util.List<String> terminate(Duration joinTimeout) {
    accepting = false;
    shutdown = true;
    if (detector != null) {
      detector.close();
    }
    for (Worker w : workers) {
      w.unpark();
    }
    long deadline = System.nanoTime() + joinTimeout.toNanos();
    java.util.List<String> stuck = new java.util.ArrayList<>();
    boolean interrupted = false;
    for (Worker w : workers) {
      if (Thread.currentThread() == w.thread()) {
        continue;
      }
      while (w.thread().isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          w.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (w.thread().isAlive()) {
        stuck.add(w.thread().getName());
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    drainInject();
    for (RawTask<?> t : tracked.drain()) {
      t.abort();
    }
    drainInject();
    return stuck;
  }

  private void drainInject() {
    RawTask<?> t;
    while ((t = inject.pop()) != null) {
      t.cancelForShutdown(null);
    }
  }

  public boolean isShutdown() {
    return shutdown;
  }

  /** Waits, without a bound and uninterruptibly, until every worker thread has ended. */
  public void awaitWorkersStopped() {
    boolean interrupted = false;
    for (Worker w : workers) {
      while (w.thread().isAlive()) {
        try {
          w.thread().join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- accessors ---------------------------------------------------------------------------

  public RuntimeConfig config() {
    return config;
  }

  public Runtime runtime() {
    return runtime;
  }

  RuntimeHooks hooks() {
    return hooks;
  }

  Worker[] workers() {
    return workers;
  }

  public int workerCount() {
    return workers.length;
  }

  InjectQueue inject() {
    return inject;
  }

  Idle idle() {
    return idle;
  }

  /** Tasks in the registry of idle-capable tasks; for tests. */
  public int trackedTasks() {
    return tracked.size();
  }

  public int injectQueueDepth() {
    return inject.len();
  }

  public int localQueueDepth(int worker) {
    return workers[worker].local.len();
  }

  public long polls(int worker) {
    return workers[worker].polls();
  }

  public long steals(int worker) {
    return workers[worker].steals();
  }

  public long parks(int worker) {
    return workers[worker].parks();
  }

  /** Polls that ran longer than {@code blocked-warning}, since start (0 when it is off). */
  public long blockedIncidents() {
    return detector == null ? 0 : detector.incidents();
  }

  public boolean isWorkerThreadOf(Thread thread) {
    return thread instanceof WorkerThread t && t.worker().scheduler() == this;
  }
}
