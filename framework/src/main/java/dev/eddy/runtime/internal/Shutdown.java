package dev.eddy.runtime.internal;

import dev.eddy.runtime.RuntimeConfig;
import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutdown sequence of a runtime: stop accepting, wait for quiescence, abort the rest, stop
 * the workers, the timer and the blocking pool.
 *
 * <h2>Overview</h2>
 *
 * <ul>
 *   <li>Every step is uninterruptible: an interrupt of the stopping thread is remembered and
 *       re-asserted by each step, so an interrupted caller still stops every thread.
 *   <li>{@code outcome} completes once the first caller's steps have run; {@code terminated} only
 *       once every worker and blocking thread has ended (joined), never before. If a task keeps
 *       its worker past the join timeout, a daemon watcher completes {@code terminated} when it
 *       ends, and a later caller joins the threads again.
 *   <li>A second caller waits for {@code outcome}, except a call from a callback that the first
 *       shutdown itself runs (on the stopping thread, or on the timer thread while it aborts
 *       pending timers): waiting there would deadlock, so it returns {@code false} at once.
 * </ul>
 *
 * <p>Thread-safety: {@link #shutdown} may be called from any thread but the runtime's own (the
 * caller checks that).
 */
public final class Shutdown {

  private static final Logger log = LoggerFactory.getLogger("dev.eddy.runtime.Runtime");

  private final RuntimeConfig config;
  private final Scheduler scheduler;
  private final WheelTimer timer;
  private final BlockingPool blocking;
  /** The first shutdown's result, once its steps have run. */
  private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();
  /** Completes (with the outcome) once every thread has stopped. */
  private final CompletableFuture<Boolean> terminated = new CompletableFuture<>();
  private final Object lock = new Object();
  /** The thread running the first shutdown, null before; guarded by lock. */
  private Thread stoppingThread;

  public Shutdown(RuntimeConfig config, Scheduler scheduler, WheelTimer timer,
      BlockingPool blocking) {
    this.config = config;
    this.scheduler = scheduler;
    this.timer = timer;
    this.blocking = blocking;
  }

  /** Runs the shutdown, or waits for the first one; see {@code Runtime.shutdown}. */
  public boolean shutdown(Duration timeout) {
    Thread caller = Thread.currentThread();
    Thread firstCaller;
    synchronized (lock) {
      firstCaller = stoppingThread;
      if (firstCaller == null) {
        stoppingThread = caller;
      }
    }
    if (firstCaller != null) {
      return again(caller, firstCaller);
    }
    boolean clean = false;
    try {
      scheduler.stopAccepting();
      clean = scheduler.awaitQuiescence(System.nanoTime() + timeout.toNanos());
      if (!clean) {
        log.info("Runtime shutdown: {} tasks still alive after {}; aborting them",
            scheduler.aliveTasks(), timeout);
      }
    } finally {
      outcome.complete(clean);
      if (!stopThreads(clean)) {
        watchUntilStopped(clean);
      }
    }
    return clean;
  }

  /**
   * Completes with the first shutdown's result once every thread has stopped; a copy, so that
   * completing it does not complete the runtime's.
   */
  public CompletableFuture<Boolean> terminated() {
    return terminated.copy();
  }

  private boolean again(Thread caller, Thread firstCaller) {
    if (!outcome.isDone() && (caller == firstCaller || timer.isTimerThread(caller))) {
      log.debug("Runtime shutdown called again from a callback of the shutdown on {}; not "
          + "waiting for it", caller.getName());
      return false;
    }
    boolean clean = outcome.join(); // the first caller's outcome; join is not interruptible
    if (!terminated.isDone()) {
      stopThreads(clean); // a thread did not stop the first time: try again
    }
    return clean;
  }

  /**
   * Stops the workers, the timer and the blocking pool; the workers and the pool are waited for
   * at most the join timeout each, the timer (whose thread runs no tasks) until it ends.
   * Completes {@link #terminated} if every thread has ended.
   *
   * @return whether every thread has ended
   */
  private boolean stopThreads(boolean clean) {
    Duration join = config.shutdownJoinTimeout();
    List<String> stuck = scheduler.terminate(join);
    if (!stuck.isEmpty()) {
      log.warn("Runtime shutdown: workers {} are blocked in a task and did not stop within {}; "
          + "whenTerminated() completes when they end", stuck, join);
    }
    timer.close();
    boolean blockingStopped = blocking.shutdownNow(join.toMillis());
    if (!blockingStopped) {
      log.warn("Runtime shutdown: blocking work ignored interruption and is still running");
    }
    if (stuck.isEmpty() && blockingStopped) {
      terminated.complete(clean);
      return true;
    }
    return false;
  }

  /** Completes {@link #terminated} from a daemon thread once the threads left have ended. */
  private void watchUntilStopped(boolean clean) {
    Thread watcher = new Thread(() -> {
      scheduler.awaitWorkersStopped();
      blocking.awaitStopped();
      scheduler.terminate(Duration.ZERO); // aborts what the late workers left behind
      terminated.complete(clean);
    }, "eddy-shutdown-watch-" + config.threadNamePrefix());
    watcher.setDaemon(true);
    watcher.start();
  }
}
