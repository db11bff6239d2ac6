package dev.eddy.time.internal;

import dev.eddy.time.Cancellable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A repeating action at fixed rate: period {@code n} is due {@code n * period} after the start.
 * At any time one {@link Tick} entry for the next period sits in the wheel; when it expires it arms
 * the next one before handing the action to the executor, so a slow action does not shift the
 * rate.
 *
 * <p>Overlap: {@link #busy} is set when a run is handed to the executor and cleared when the run
 * ends; a period that comes while it is set is skipped. Periods the wheel itself missed (a tick
 * longer than the period, a late timer thread) are skipped too: the next deadline is always the
 * first one after the tick being processed, so a stalled wheel never causes a burst of catch-up
 * runs.
 *
 * <p>Thread-safety: {@link #cancel()} and {@link #isCancelled()} from any thread; {@code expire} on
 * the thread driving the wheel; the action on the executor.
 */
final class Interval implements Cancellable {

  private static final Logger log = LoggerFactory.getLogger(Interval.class);

  private final WheelTimer timer;
  /** Nanoseconds after the timer's origin at which the interval was created. */
  private final long start;

  private final long period;
  private final Runnable action;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean busy = new AtomicBoolean();

  /** The entry of the next period: written by the arming thread, read by {@link #cancel()}. */
  private volatile Tick current;

  private Interval(WheelTimer timer, long period, Runnable action) {
    this.timer = timer;
    this.start = timer.relativeNow();
    this.period = period;
    this.action = action;
  }

  /** Creates the interval and arms its first period; called on the user's thread. */
  static Interval start(WheelTimer timer, long period, Runnable action) {
    Interval interval = new Interval(timer, period, action);
    interval.arm(1);
    return interval;
  }

  private void arm(long n) {
    Tick next = new Tick(Nanos.saturatedAdd(start, Nanos.saturatedMultiply(n, period)), n);
    current = next;
    // Volatile write of current, then read of cancelled; cancel() does the reverse. So either this
    // sees the cancellation or cancel() sees (and cancels) the new entry.
    if (!cancelled.get()) {
      timer.add(next);
    }
  }

  private void runOnce() {
    try {
      if (!cancelled.get()) {
        action.run();
      }
    } catch (RuntimeException e) {
      log.warn("interval action {} failed; the interval goes on", action, e);
    } finally {
      busy.set(false);
    }
  }

  @Override
  public boolean cancel() {
    if (!cancelled.compareAndSet(false, true)) {
      return false;
    }
    Tick pending = current;
    if (pending != null) {
      pending.cancel();
    }
    return true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled.get();
  }

  /** The wheel entry of period {@code n}. */
  private final class Tick extends TimerEntry {

    private final long n;

    Tick(long deadline, long n) {
      super(Interval.this.timer, deadline);
      this.n = n;
    }

    @Override
    void expire(long tickTime) {
      // The first period strictly after this tick: later than tickTime, or it would be due in a
      // bucket that has just been visited.
      long caughtUp = Math.floorDiv(tickTime - start, period) + 1;
      arm(Math.max(n + 1, caughtUp));
      if (cancelled.get() || !busy.compareAndSet(false, true)) {
        return;
      }
      timer.execute(Interval.this::runOnce, this);
    }

    @Override
    void abort(CancellationException cause) {
      // Closed timer or a runtime that no longer takes work: the interval is over either way.
      busy.set(false);
      Interval.this.cancel();
    }
  }
}
