package dev.eddy.runtime.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the workers for a poll that does not return (a task that blocks its thread: JDBC,
 * {@code Thread.sleep}, {@code join()}), as Vert.x's {@code BlockedThreadChecker} does, and keeps
 * the stuck worker's sockets served meanwhile.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Cost on the workers.</b> None beyond two opaque stores per poll: {@link Worker#enter}
 * publishes the task it polls and {@link Worker#exit} clears it before it counts the poll. No
 * clock is read on the workers. This daemon thread samples every worker each {@code interval}:
 * a worker seen inside a poll with the same poll count as at the previous sample has been in
 * that one poll at least since then. The poll's start is thus known to within one interval.
 *
 * <p><b>Warning.</b> Once one poll has run for {@code eddy.runtime.blocked-warning}, the
 * incident is logged once at WARN, with the worker, the task and the worker's stack, and counted
 * ({@link #incidents()}). The next warning needs another poll.
 *
 * <p><b>Takeover.</b> Once one poll has run for {@code eddy.runtime.io-takeover-after}, this
 * thread drives the stuck worker's parker ({@link Parker#driveForStuckOwner}): for a selector
 * parker it selects that selector, applies its pending interest changes and wakes the ready tasks
 * from here, so they run on the other workers. The owner takes its selector back when its poll
 * returns and it next looks at it. Several stuck workers share this thread's time.
 *
 * <p>Thread rules: {@link #start} and {@link #close} by the scheduler; the rest on this thread.
 */
final class BlockedWorkerDetector implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(BlockedWorkerDetector.class);
  /** Longest sample interval, which also bounds how long {@link #close} waits for the thread. */
  private static final long MAX_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Worker[] workers;
  private final long warnNanos;
  private final long takeoverNanos;
  private final long intervalNanos;
  private final Thread thread;
  private volatile boolean closed;
  @SuppressWarnings("unused") // written by this thread only
  private volatile long incidents;

  /** Per worker, this thread only: the poll count of the poll seen running, and since when. */
  private final long[] seenPolls;
  private final long[] seenSince;
  private final boolean[] warned;
  private final int[] stuck;

  /**
   * A detector for {@code workers}; {@code warnNanos} and {@code takeoverNanos} are the
   * thresholds, 0 for off (at least one is on).
   */
  BlockedWorkerDetector(Worker[] workers, long warnNanos, long takeoverNanos, String threadName) {
    this.workers = workers;
    this.warnNanos = warnNanos;
    this.takeoverNanos = takeoverNanos;
    long shortest = warnNanos == 0 ? takeoverNanos
        : takeoverNanos == 0 ? warnNanos : Math.min(warnNanos, takeoverNanos);
    this.intervalNanos = Math.min(MAX_INTERVAL_NANOS,
        Math.max(TimeUnit.MILLISECONDS.toNanos(1), shortest / 4));
    this.seenPolls = new long[workers.length];
    this.seenSince = new long[workers.length];
    this.warned = new boolean[workers.length];
    this.stuck = new int[workers.length];
    this.thread = new Thread(this, threadName);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Stops the thread and waits for it (it lets go of a parker it drives within one interval, at
   * most 100 ms), so that no thread of the runtime outlives its shutdown. Not interruptible, as
   * every step of a shutdown: an interrupt is kept and re-asserted on return.
   */
  void close() {
    closed = true;
    LockSupport.unpark(thread);
    long deadline = System.nanoTime() + MAX_INTERVAL_NANOS * 10;
    boolean interrupted = false;
    while (thread.isAlive() && deadline - System.nanoTime() > 0) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Polls that ran longer than the warning threshold, since start. */
  long incidents() {
    return incidents;
  }

  @Override
  public void run() {
    for (int i = 0; i < workers.length; i++) {
      seenPolls[i] = -1;
    }
    while (!closed) {
      int n = sample(System.nanoTime());
      if (n == 0) {
        LockSupport.parkNanos(this, intervalNanos);
        continue;
      }
      boolean drove = false;
      for (int i = 0; i < n && !closed; i++) {
        drove |= workers[stuck[i]].parker().driveForStuckOwner(intervalNanos / n);
      }
      if (!drove) {
        LockSupport.parkNanos(this, intervalNanos); // nothing to drive: plain parkers
      }
    }
  }

  /** Looks at every worker; returns how many are stuck past the takeover threshold. */
  private int sample(long now) {
    int n = 0;
    for (int i = 0; i < workers.length; i++) {
      Worker w = workers[i];
      RawTask<?> task = w.polling();
      long polls = w.polls();
      if (task == null || polls != seenPolls[i]) {
        // Between polls, or a new poll since the last sample: it started at most now.
        seenPolls[i] = task == null ? -1 : polls;
        seenSince[i] = now;
        warned[i] = false;
        continue;
      }
      long running = now - seenSince[i];
      if (warnNanos > 0 && !warned[i] && running >= warnNanos) {
        warned[i] = true;
        warn(w, task, running);
      }
      if (takeoverNanos > 0 && running >= takeoverNanos) {
        stuck[n++] = i;
      }
    }
    return n;
  }

  private void warn(Worker w, RawTask<?> task, long running) {
    incidents = incidents + 1; // this thread is the only writer
    BlockedWorker stack = new BlockedWorker(w.thread());
    log.warn("Worker {} has been running one poll of {} for {} ms, more than blocked-warning "
            + "({} ms): the task blocks its thread; move blocking calls to spawnBlocking. "
            + "The worker's stack:",
        w.thread().getName(), task, TimeUnit.NANOSECONDS.toMillis(running),
        TimeUnit.NANOSECONDS.toMillis(warnNanos), stack);
  }

  /** Carries a blocked worker's stack into the log; not thrown. */
  private static final class BlockedWorker extends Exception {
    private static final long serialVersionUID = 1L;

    BlockedWorker(Thread worker) {
      super("stack of " + worker.getName(), null, false, true);
      setStackTrace(worker.getStackTrace());
    }
  }
}
