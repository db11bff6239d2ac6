package dev.eddy.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of the scheduler: a thread that runs tasks from its LIFO slot, its local queue, the
 * global inject queue and other workers' queues, and parks when there are none. Tokio's {@code
 * multi_thread/worker.rs}, whose structure this follows.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Where the next task comes from</b> ({@link #nextTask()}): every {@code
 * global-queue-interval} ticks the inject queue first (fairness for outside submissions);
 * otherwise the local queue, then a batch from the inject queue. When all are empty the worker
 * becomes a <em>searcher</em> (at most half of the workers at once) and steals half of another
 * worker's queue, visiting them from a random start. A searcher that finds nothing looks again
 * {@code search-spins} times (as Go's scheduler spins) and then parks.
 *
 * <p><b>The LIFO slot</b>: a task woken by the running task goes into the slot and runs next, on
 * this thread, while its data is hot in cache: a message ping-pong between two actors stays on one
 * core. The slot is invisible to thieves. It may be used {@code max-lifo-polls} times in a row,
 * and only while the cooperative budget lasts; then the slot's task goes to the back of the queue,
 * so two tasks waking each other cannot starve the rest.
 *
 * <p><b>Budget</b>: each run of a task (and the LIFO tasks run straight after it) gets {@code
 * budget} units, which ready operations consume through {@link Coop}.
 *
 * <p><b>Parking</b>: see {@link Idle}. The worker parks on its {@link Parker}; the I/O driver will
 * be that parker, polled without blocking every {@code event-interval} ticks ({@link
 * #maintenance()}).
 *
 * <p><b>Metrics</b>: counters written only by this thread with opaque stores (plain moves on
 * x86) and read by anyone with opaque loads: cheap enough to keep always on.
 *
 * <p>Thread rules: everything here runs on the worker's own thread, except {@link #unpark()} and
 * the metric getters, which any thread may call.
 */
public final class Worker {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private static final VarHandle POLLS;
  private static final VarHandle STEALS;
  private static final VarHandle PARKS;
  private static final VarHandle SPAWNED;
  private static final VarHandle COMPLETED;
  private static final VarHandle POLLING;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      POLLS = l.findVarHandle(Worker.class, "polls", long.class);
      STEALS = l.findVarHandle(Worker.class, "steals", long.class);
      PARKS = l.findVarHandle(Worker.class, "parks", long.class);
      SPAWNED = l.findVarHandle(Worker.class, "spawned", long.class);
      COMPLETED = l.findVarHandle(Worker.class, "completed", long.class);
      POLLING = l.findVarHandle(Worker.class, "polling", RawTask.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Pause after a failed park, so that a parker failing every time cannot spin a core. */
  private static final long PARK_FAILURE_PAUSE_NANOS = 1_000_000;

  private static final java.util.concurrent.atomic.AtomicInteger UIDS =
      new java.util.concurrent.atomic.AtomicInteger();

  final int index;
  /** Unique among all workers of all runtimes in this JVM, never 0; see RawTask.polledBy. */
  final int uid = UIDS.incrementAndGet();
  private final Scheduler scheduler;
  final LocalQueue<RawTask<?>> local;
  private final Parker parker;
  private final WorkerThread thread;
  private final Object[] batch;

  private final int globalQueueInterval;
  private final int eventInterval;
  private final int maxLifoPolls;
  private final int budgetPerRun;
  private final int searchSpins;

  /** Task to run next; owner only. */
  private RawTask<?> lifo;
  private boolean searching;
  private int budget;
  private int untilGlobal;
  private int untilEvents;
  private int random;

  @SuppressWarnings("unused") // accessed through VarHandles
  private long polls;
  @SuppressWarnings("unused")
  private long steals;
  @SuppressWarnings("unused")
  private long parks;
  @SuppressWarnings("unused")
  private long spawned;
  @SuppressWarnings("unused")
  private long completed;
  /**
   * The task being polled, or null between polls: with {@link #polls} it tells the {@link
   * BlockedWorkerDetector} that one poll has not returned. Written by this thread (opaque), read
   * by the detector.
   */
  @SuppressWarnings("unused")
  private RawTask<?> polling;

  Worker(Scheduler scheduler, int index, Parker parker, String threadName) {
    this.scheduler = scheduler;
    this.index = index;
    this.parker = parker;
    var config = scheduler.config();
    this.local = new LocalQueue<>(config.localQueueCapacity());
    this.batch = new Object[config.localQueueCapacity() / 2];
    this.globalQueueInterval = config.globalQueueInterval();
    this.eventInterval = config.eventInterval();
    this.maxLifoPolls = config.maxLifoPolls();
    this.budgetPerRun = config.budget();
    this.searchSpins = config.searchSpins();
    this.untilGlobal = globalQueueInterval;
    this.untilEvents = eventInterval;
    this.random = 0x9E3779B9 * (index + 1);
    this.thread = new WorkerThread(this, threadName);
  }

  Thread thread() {
    return thread;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** This worker's parker: the I/O driver finds the current worker's selector through it. */
  public Parker parker() {
    return parker;
  }

  // ---- polling -----------------------------------------------------------------------------

  /**
   * Takes one unit of the cooperative budget of the current run (see {@link Coop}).
   *
   * @return {@code false} when the budget is spent
   */
  boolean consumeBudget() {
    if (budget > 0) {
      budget--;
      return true;
    }
    return false;
  }

  void enter(RawTask<?> task) {
    POLLING.setOpaque(this, task);
    var hooks = scheduler.hooks();
    if (hooks != null) {
      scheduler.beforePoll(task);
    }
  }

  void exit(RawTask<?> task) {
    POLLING.setOpaque(this, (RawTask<?>) null);
    POLLS.setOpaque(this, (long) POLLS.getOpaque(this) + 1);
    var hooks = scheduler.hooks();
    if (hooks != null) {
      scheduler.afterPoll(task);
    }
  }

  // ---- scheduling from this thread ---------------------------------------------------------

  /** Schedules {@code task} from this worker's thread: LIFO slot, or back of the queue. */
  void scheduleLocal(RawTask<?> task, boolean yielded) {
    if (yielded || maxLifoPolls == 0) {
      pushBack(task);
      return;
    }
    RawTask<?> prev = lifo;
    lifo = task;
    if (prev != null) {
      pushBack(prev);
    }
  }

  private void pushBack(RawTask<?> task) {
    local.push(task, scheduler.inject());
    // Tokio's should_notify_others: more work here than this worker is about to take, and no
    // searcher that would find it anyway.
    if (!searching && local.len() + (lifo != null ? 1 : 0) > 1) {
      scheduler.notifyParked();
    }
  }

  void countSpawned() {
    SPAWNED.setRelease(this, (long) SPAWNED.getOpaque(this) + 1);
  }

  void countCompleted() {
    COMPLETED.setRelease(this, (long) COMPLETED.getOpaque(this) + 1);
  }

  // ---- the run loop ------------------------------------------------------------------------

  void run() {
    try {
      while (!scheduler.isShutdown()) {
        try {
          tick();
        } catch (Throwable e) {
          // Task failures are caught in RawTask.run; reaching here is a scheduler, parker or hook
          // bug. Dying would leave Idle counting a sleeper that does not exist (and close every
          // channel of this worker's selector): log it and go on with the next tick instead.
          log.error("Worker {}: unexpected error in the run loop; going on", thread.getName(), e);
        }
      }
    } finally {
      drainOnExit();
      parker.close();
    }
  }

  /** One turn of the run loop: a task run, or a park. */
  private void tick() {
    if (--untilEvents == 0) {
      untilEvents = eventInterval;
      maintenance();
    }
    RawTask<?> task = nextTask();
    if (task == null) {
      task = steal();
    }
    if (task != null) {
      runTask(task);
    } else {
      park();
    }
  }

  private void maintenance() {
    parker.pollEvents();
  }

  private RawTask<?> nextTask() {
    if (--untilGlobal == 0) {
      untilGlobal = globalQueueInterval;
      RawTask<?> t = scheduler.inject().pop(this);
      if (t != null) {
        return t;
      }
    }
    RawTask<?> t = lifo;
    if (t != null) {
      lifo = null;
      return t;
    }
    t = local.pop();
    if (t != null) {
      return t;
    }
    return takeInjectBatch();
  }

  /** Moves a fair share of the inject queue into the local queue; returns one task to run. */
  @SuppressWarnings("unchecked")
  private RawTask<?> takeInjectBatch() {
    InjectQueue inject = scheduler.inject();
    if (!inject.mayHaveWork()) {
      return null;
    }
    // A share of half a local queue per worker, so that one worker does not take everything
    // (Tokio sizes by the queue's length; counting it would cost the producers an atomic).
    int want = Math.min(local.remaining(), Math.max(1, batch.length / scheduler.workerCount()));
    int n = inject.popBatch(batch, want, this);
    if (n == 0) {
      return null;
    }
    RawTask<?> first = (RawTask<?>) batch[0];
    batch[0] = null;
    for (int i = 1; i < n; i++) {
      RawTask<?> t = (RawTask<?>) batch[i];
      batch[i] = null;
      local.push(t, inject);
    }
    return first;
  }

  private RawTask<?> steal() {
    if (!searching) {
      if (!scheduler.idle().transitionToSearching()) {
        return null;
      }
      searching = true;
    }
    // A searcher looks a few rounds before parking: work that arrives meanwhile is taken
    // without a park/unpark round trip, and producers see a searcher and wake nobody. A lone
    // worker has nobody to steal from, and its I/O arrives only through the selector it would
    // reach later by spinning: it looks once.
    int rounds = scheduler.workers().length == 1 ? 0 : searchSpins;
    for (int round = 0; round <= rounds; round++) {
      RawTask<?> t = stealOnce();
      if (t != null) {
        return t;
      }
      if (scheduler.isShutdown()) {
        return null;
      }
      Thread.onSpinWait();
    }
    return null;
  }

  private RawTask<?> stealOnce() {
    Worker[] all = scheduler.workers();
    int n = all.length;
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    int start = Math.floorMod(random, n);
    for (int i = 0; i < n; i++) {
      Worker victim = all[(start + i) % n];
      if (victim == this) {
        continue;
      }
      RawTask<?> t = victim.local.stealInto(local);
      if (t != null) {
        STEALS.setOpaque(this, (long) STEALS.getOpaque(this) + 1);
        return t;
      }
    }
    return takeInjectBatch();
  }

  private void runTask(RawTask<?> task) {
    if (searching) {
      searching = false;
      if (scheduler.idle().transitionFromSearching()) {
        // We were the last searcher: wake another so the work we leave behind is found.
        scheduler.notifyParked();
      }
    }
    budget = budgetPerRun;
    task.run(this);
    int lifoPolls = 0;
    while (true) {
      RawTask<?> next = lifo;
      if (next == null) {
        return;
      }
      lifo = null;
      if (lifoPolls >= maxLifoPolls || budget <= 0) {
        pushBack(next);
        return;
      }
      lifoPolls++;
      next.run(this);
    }
  }

  private void park() {
    if (lifo != null || !local.isEmpty()) {
      return;
    }
    Idle idle = scheduler.idle();
    if (idle.transitionToParked(index, searching)) {
      scheduler.notifyIfWorkPending();
    }
    searching = false;
    while (!scheduler.isShutdown()) {
      PARKS.setOpaque(this, (long) PARKS.getOpaque(this) + 1);
      parkOnce();
      if (lifo != null || !local.isEmpty()) {
        // Woken by something of our own (I/O readiness): we may still be on the sleepers stack.
        searching = !idle.unparkWorker(index);
        return;
      }
      if (!idle.isParked(index)) {
        searching = true; // whoever woke us counted us as a searcher
        return;
      }
    }
  }

  /**
   * Parks once. A parker that throws is treated as a spurious wake-up, logged: the caller then
   * re-checks its queues and the sleepers stack as after any wake-up, so {@link Idle} stays
   * right. A short pause keeps a parker that throws every time from spinning a core.
   */
  private void parkOnce() {
    try {
      parker.park();
    } catch (Throwable e) {
      log.error("Worker {}: the parker failed; treated as a spurious wake-up", thread.getName(),
          e);
      java.util.concurrent.locks.LockSupport.parkNanos(PARK_FAILURE_PAUSE_NANOS);
    }
  }

  void unpark() {
    parker.unpark();
  }

  private void drainOnExit() {
    RawTask<?> t = lifo;
    lifo = null;
    if (t != null) {
      t.cancelForShutdown(this);
    }
    // Cancelling runs continuations, which may schedule more tasks here: drain until empty.
    while (true) {
      local.drain(task -> task.cancelForShutdown(this));
      if (lifo == null) {
        return;
      }
      t = lifo;
      lifo = null;
      t.cancelForShutdown(this);
    }
  }


  // ---- metrics (any thread) ----------------------------------------------------------------

  long polls() {
    return (long) POLLS.getOpaque(this);
  }

  long steals() {
    return (long) STEALS.getOpaque(this);
  }

  long parks() {
    return (long) PARKS.getOpaque(this);
  }

  /** The task in the poll running now, or null between polls (opaque read; any thread). */
  RawTask<?> polling() {
    return (RawTask<?>) POLLING.getOpaque(this);
  }

  long spawned() {
    return (long) SPAWNED.getAcquire(this);
  }

  long completed() {
    return (long) COMPLETED.getAcquire(this);
  }
}
