package dev.eddy.time.internal;

import dev.eddy.time.Cancellable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * One deadline in a {@link WheelTimer}: a node of a bucket's doubly-linked list, and the {@link
 * Cancellable} the user holds.
 *
 * <p>Who may touch what: {@link #deadline} and {@link #seq} are final. The state moves once, from
 * pending to expired (by the thread driving the wheel) or to cancelled (by any thread, via {@link
 * #cancel()} or when the timer closes); whoever wins the compare-and-set owns the outcome. The
 * links, {@link #bucket} and {@link #remainingRounds} belong to the thread driving the wheel and
 * are never read by anyone else.
 */
abstract class TimerEntry implements Cancellable {

  private static final int PENDING = 0;
  private static final int EXPIRED = 1;
  private static final int CANCELLED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(TimerEntry.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final WheelTimer timer;
  /** Nanoseconds after the timer's origin; not rounded (rounding happens when it is bucketed). */
  final long deadline;
  /** Creation order, to break ties between equal deadlines. */
  final long seq;

  // Owned by the thread driving the wheel.
  long remainingRounds;
  TimerEntry prev;
  TimerEntry next;
  Bucket bucket;

  private volatile int state;

  TimerEntry(WheelTimer timer, long deadline) {
    this.timer = timer;
    this.deadline = deadline;
    this.seq = timer.nextSeq();
  }

  /**
   * A one-shot entry: on expiry {@code onExpiry} is handed to the executor; if the timer closes
   * first, or the executor rejects it, {@code onAbort} gets the reason instead.
   */
  static TimerEntry oneShot(
      WheelTimer timer,
      long deadline,
      Runnable onExpiry,
      Consumer<? super CancellationException> onAbort) {
    return new TimerEntry(timer, deadline) {
      @Override
      void expire(long tickTime) {
        timer.execute(onExpiry, this);
      }

      @Override
      void abort(CancellationException cause) {
        onAbort.accept(cause);
      }
    };
  }

  /**
   * Called once, by the thread driving the wheel, after this entry won the move to expired: hand
   * the work to the executor. {@code tickTime} is the end of the tick being processed, in
   * nanoseconds after the timer's origin.
   */
  abstract void expire(long tickTime);

  /**
   * The work will never run: the timer closed (on the closing thread) or the executor rejected it
   * (on the thread driving the wheel).
   */
  abstract void abort(CancellationException cause);

  @Override
  public boolean cancel() {
    if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
      timer.cancelled(this);
      return true;
    }
    return false;
  }

  @Override
  public boolean isCancelled() {
    return (int) STATE.getAcquire(this) == CANCELLED;
  }

  boolean isPending() {
    return (int) STATE.getAcquire(this) == PENDING;
  }

  /** Wins the entry for firing; false if it was cancelled first. */
  boolean markExpired() {
    return STATE.compareAndSet(this, PENDING, EXPIRED);
  }

  /** Wins the entry for {@link #abort}; false if it had already fired or been cancelled. */
  boolean markAborted() {
    return STATE.compareAndSet(this, PENDING, CANCELLED);
  }
}
