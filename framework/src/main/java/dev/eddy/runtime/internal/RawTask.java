package dev.eddy.runtime.internal;

import dev.eddy.runtime.JoinHandle;
import dev.eddy.runtime.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task as the scheduler sees it: its scheduling state, its waker and its {@link JoinHandle}, in
 * one object (the handle is this {@link CompletableFuture}), so that spawning allocates once.
 *
 * <h2>State machine</h2>
 *
 * <p>{@code state} holds four flags. {@code SCHEDULED}: the task sits in a run queue (or is about
 * to). {@code RUNNING}: a worker is polling it. {@code COMPLETE}: it finished and never runs
 * again. {@code CANCELLED}: abort was requested.
 *
 * <ul>
 *   <li>{@link #wake()}: if neither {@code SCHEDULED} nor {@code COMPLETE}, CAS in {@code
 *       SCHEDULED}; if the task was not {@code RUNNING} either, push it to a queue. So concurrent
 *       wakes schedule it at most once, and a wake during a poll only leaves {@code SCHEDULED}
 *       set (Tokio's NOTIFIED) for the worker to act on.
 *   <li>{@link #run}: CAS {@code SCHEDULED} to {@code RUNNING}, poll, then CAS {@code RUNNING} off;
 *       if {@code SCHEDULED} was set meanwhile, re-queue the task at the back (it yielded). A wake
 *       from inside the task's own poll (its worker's thread) only sets a plain flag, which the
 *       end-of-poll CAS turns into {@code SCHEDULED}: a yield costs no CAS of its own. Only
 *       the holder of a queue entry calls {@code run}, and there is one entry per {@code
 *       SCHEDULED}, so no task is ever polled by two threads at once. The CASes order each poll
 *       after the previous one and after the wake that caused it.
 *   <li>{@link #abort()}: set {@code CANCELLED}. An idle task is completed right there; a queued
 *       one is completed by the worker that dequeues it, without polling; a running one when its
 *       poll returns.
 * </ul>
 */
public abstract class RawTask<T> extends CompletableFuture<T> implements JoinHandle<T>, Waker {

  private static final Logger log = LoggerFactory.getLogger("dev.eddy.runtime.Task");

  static final int SCHEDULED = 1;
  static final int RUNNING = 2;
  static final int COMPLETE = 4;
  static final int CANCELLED = 8;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(RawTask.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int state;
  protected final Scheduler scheduler;
  /**
   * Spawned from outside and not yet counted as alive: the first worker to take it from the
   * inject queue counts it (see Scheduler.admit). Plain: published by the queue hand-off.
   */
  private boolean uncounted;
  /** The next task in the inject queue while this one is in it; see InjectQueue. */
  @SuppressWarnings("unused") // through InjectQueue's VarHandle
  volatile RawTask<?> injectNext;

  /** A new task; {@code scheduled} when it is about to be queued by its spawner. */
  protected RawTask(Scheduler scheduler, boolean scheduled) {
    this.scheduler = scheduler;
    if (scheduled) {
      STATE.setRelease(this, SCHEDULED);
    }
  }

  /**
   * One step of the task, on a worker thread.
   *
   * @return {@code true} if the task has finished (the subclass has completed, or will complete,
   *     this future)
   */
  protected abstract boolean poll(Worker worker) throws Throwable;

  /** Called once when the task is cancelled before it finished: release what it holds. */
  protected void onCancel() {}

  /**
   * For tasks polled more than once: called on the worker right before each poll. Together with
   * {@link #wokeInsideOwnPoll()} and {@link #endPoll()} this lets a task that wakes itself during
   * its poll (a yield) skip the wake's CAS; only {@link PollTask} can be woken that way, so the
   * bookkeeping lives there and single-poll tasks stay small.
   */
  protected void beginPoll(Worker worker) {}

  /** Whether this wake came from inside the task's own poll and was recorded without a CAS. */
  protected boolean wokeInsideOwnPoll() {
    return false;
  }

  /** Right after a poll returns: whether the task woke itself during it (and forget that). */
  protected boolean endPoll() {
    return false;
  }

  /**
   * Whether the task always finishes in its first poll (a function call, not a state machine).
   * Such a task skips the RUNNING transition: one CAS less per spawned task.
   */
  protected boolean pollsOnce() {
    return false;
  }

  /**
   * Whether the handle completes after the final poll (the task awaits a stage). Such a task
   * reports its own completion, and learns of an abort that raced with its final poll through
   * {@link #abortedDuringFinalPoll()}.
   */
  protected boolean awaitsAfterFinalPoll() {
    return false;
  }

  /** For tasks that {@link #awaitsAfterFinalPoll()}: abort() raced with the final poll. */
  protected void abortedDuringFinalPoll() {}

  @Override
  public final void wake() {
    if (wokeInsideOwnPoll()) {
      return;
    }
    int s = state;
    while (true) {
      if ((s & (SCHEDULED | COMPLETE)) != 0) {
        return;
      }
      int witness = (int) STATE.compareAndExchange(this, s, s | SCHEDULED);
      if (witness == s) {
        if ((s & RUNNING) == 0) {
          scheduler.schedule(this, false);
        }
        return;
      }
      s = witness;
    }
  }

  /** Polls the task; only the worker that dequeued it calls this. */
  final void run(Worker worker) {
    int s = state;
    if (pollsOnce()) {
      // Its only poll: the state stays SCHEDULED (so wakes stay no-ops) and no CAS is needed.
      // An abort that lands from here on finds the task started and loses, as for any task
      // that finishes in the poll during which it is aborted.
      if ((s & CANCELLED) != 0) {
        STATE.setVolatile(this, COMPLETE | CANCELLED);
        finishCancelled(worker, "task aborted");
        return;
      }
    } else {
      while (true) {
        if ((s & CANCELLED) != 0) {
          STATE.setVolatile(this, COMPLETE | CANCELLED);
          finishCancelled(worker, "task aborted");
          return;
        }
        int witness = (int) STATE.compareAndExchange(this, s, (s & ~SCHEDULED) | RUNNING);
        if (witness == s) {
          break;
        }
        s = witness;
      }
      beginPoll(worker);
    }
    boolean done;
    boolean threw = false;
    try {
      worker.enter(this);
      done = poll(worker);
    } catch (Throwable e) {
      log.warn("Task {} failed", this, e);
      completeExceptionally(e);
      done = true;
      threw = true;
    }
    Throwable hookFailure = null;
    try {
      worker.exit(this);
    } catch (Throwable e) {
      // A fatal afterPoll hook: settle the task's state first, so that it is neither left
      // RUNNING (never queued again) nor counted alive, then let the error go on.
      hookFailure = e;
    }
    settle(worker, done, threw);
    if (hookFailure != null) {
      throwUnchecked(hookFailure);
    }
  }

  /** The end of a poll: completes the task, re-queues it if it was woken, or leaves it idle. */
  private void settle(Worker worker, boolean done, boolean threw) {
    boolean selfWoken = endPoll();
    if (done) {
      if (awaitsAfterFinalPoll()) {
        int prev = (int) STATE.getAndSet(this, COMPLETE);
        if ((prev & CANCELLED) != 0) {
          abortedDuringFinalPoll();
        }
      } else {
        // No atomic needed: a wake of a finished task does nothing, and an abort that raced
        // with this poll lost (the task finished: its result stands).
        STATE.setRelease(this, COMPLETE);
      }
      if (threw || !awaitsAfterFinalPoll()) {
        worker.countCompleted();
        scheduler.onCompleted();
      }
      return;
    }
    int s = state;
    while (true) {
      if ((s & CANCELLED) != 0) {
        STATE.setVolatile(this, COMPLETE | CANCELLED);
        finishCancelled(worker, "task aborted");
        return;
      }
      int next = (s & ~RUNNING) | (selfWoken ? SCHEDULED : 0);
      int witness = (int) STATE.compareAndExchange(this, s, next);
      if (witness == s) {
        if ((next & SCHEDULED) != 0) {
          scheduler.schedule(this, true);
        }
        return;
      }
      s = witness;
    }
  }

  private static void throwUnchecked(Throwable e) {
    if (e instanceof Error error) {
      throw error;
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw new IllegalStateException("a poll hook failed", e);
  }

  @Override
  public boolean abort() {
    int s = state;
    while (true) {
      if ((s & (COMPLETE | CANCELLED)) != 0) {
        return false;
      }
      boolean idle = (s & (SCHEDULED | RUNNING)) == 0;
      int next = idle ? COMPLETE | CANCELLED : s | CANCELLED;
      int witness = (int) STATE.compareAndExchange(this, s, next);
      if (witness == s) {
        if (idle) {
          finishCancelled(scheduler.currentWorker(), "task aborted");
        }
        return true;
      }
      s = witness;
    }
  }

  /**
   * Completes a task that was queued when its runtime stopped. It is never polled; a task that
   * {@link #runsAtShutdown()} (a completion the runtime itself handed over) runs here instead,
   * on the thread that drains it, so that its completion is not lost.
   */
  final void cancelForShutdown(Worker worker) {
    int s = (int) STATE.getAndBitwiseOr(this, COMPLETE | CANCELLED);
    if ((s & COMPLETE) != 0) {
      return;
    }
    if (!runsAtShutdown()) {
      finishCancelled(worker, "runtime shut down");
      return;
    }
    try {
      poll(worker);
    } catch (Throwable e) {
      log.warn("Task {} failed while its runtime stopped", this, e);
      completeExceptionally(e);
    } finally {
      countFinished(worker);
    }
  }

  /**
   * Whether this task, still queued when the workers stop, runs on the draining thread rather
   * than being cancelled: true for the runtime's own hand-offs (a due timer, a deferred channel
   * delivery), whose handle nobody holds. Such a task's {@link #poll} must accept a {@code null}
   * worker.
   */
  protected boolean runsAtShutdown() {
    return false;
  }

  private void finishCancelled(Worker worker, String why) {
    try {
      onCancel();
    } finally {
      completeExceptionally(new CancellationException(why));
      countFinished(worker);
    }
  }

  /** Counts a task that has finished, unless it never was counted as alive. */
  private void countFinished(Worker worker) {
    if (uncounted) {
      uncounted = false; // never counted as alive, so not as finished either
      scheduler.onCompleted();
    } else {
      scheduler.countCompleted(worker);
    }
  }

  /**
   * Fails a task that was admitted (counted as alive) but could not be queued after all, for
   * example because the blocking pool is full; counts it as finished.
   */
  void refuseAdmitted(Throwable why) {
    int s = (int) STATE.getAndBitwiseOr(this, COMPLETE | CANCELLED);
    if ((s & COMPLETE) == 0) {
      try {
        onCancel();
      } finally {
        completeExceptionally(why);
        countFinished(scheduler.currentWorker());
      }
    }
  }

  /** Whether {@link #abort()} (or the shutdown) has cancelled this task. */
  final boolean isAborted() {
    return (state & CANCELLED) != 0;
  }

  /** Fails a task refused at spawn: it is complete, so a later wake or abort does nothing. */
  void reject(Throwable why) {
    STATE.setVolatile(this, COMPLETE | CANCELLED);
    completeExceptionally(why);
  }

  void markUncounted() {
    uncounted = true;
  }

  /** Called by a worker that took this task from the inject queue: counts it once. */
  final void countIfUncounted(Worker worker) {
    if (uncounted) {
      uncounted = false;
      worker.countSpawned();
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    abort();
    return isCancelled();
  }

  @Override
  public T join() {
    refuseBlockingOnWorker();
    return super.join();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    refuseBlockingOnWorker();
    return super.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    refuseBlockingOnWorker();
    return super.get(timeout, unit);
  }

  private void refuseBlockingOnWorker() {
    if (!isDone() && Thread.currentThread() instanceof WorkerThread) {
      throw new IllegalStateException("waiting for a task on worker thread "
          + Thread.currentThread().getName() + " would block that worker; compose the stage "
          + "(thenApply, thenCompose) instead of join()/get()");
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(this));
  }
}
