package dev.eddy.time;

import dev.eddy.time.internal.ManualClockAccess;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock whose time moves only when a test calls {@link #advance}, so tests of timeouts, retries
 * and intervals run instantly and deterministically (Tokio's {@code time::pause}).
 *
 * <p>It starts at 0. A runtime or timer built with a {@code TestClock} starts no timer thread:
 * {@link #advance} itself moves every timer wheel attached to this clock, on the calling thread,
 * and hands each action that became due to its executor before it returns. With a runtime's
 * executor the actions then run on its workers; with a direct executor ({@code Runnable::run}) they
 * have run by the time {@code advance} returns.
 *
 * <p>Thread-safety: {@link #nanoTime()} may be called from any thread. {@link #advance} may be
 * called from any thread, one call at a time (concurrent calls wait for each other); an action run
 * by a direct executor may itself call {@code advance}.
 *
 * <pre>{@code
 * var clock = new TestClock();
 * // build the runtime or timer with clock, then:
 * CompletionStage<Void> done = timer.sleep(Duration.ofSeconds(30));
 * clock.advance(Duration.ofSeconds(30));   // done is now complete (or queued on the executor)
 * }</pre>
 */
public final class TestClock implements Clock {

  static {
    ManualClockAccess.register(
        new ManualClockAccess.Access() {
          @Override
          public void attach(TestClock clock, ManualClockAccess.Driven wheel) {
            clock.wheels.add(wheel);
          }

          @Override
          public void detach(TestClock clock, ManualClockAccess.Driven wheel) {
            clock.wheels.remove(wheel);
          }
        });
  }

  private final Object advanceLock = new Object();

  // Copy-on-write so that attaching or closing a wheel never waits for an advance in progress.
  private final List<ManualClockAccess.Driven> wheels = new CopyOnWriteArrayList<>();

  private volatile long now;

  /** A clock at 0, with no wheels attached yet. */
  public TestClock() {}

  /** The current reading: 0 plus everything passed to {@link #advance} so far. */
  @Override
  public long nanoTime() {
    return now;
  }

  /** The time this clock has been advanced by since it was created. */
  public Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /**
   * Moves the time forward by {@code amount}, then, on this thread, fires every timer of the
   * attached wheels that is due at the new time (including those due exactly then), earliest first.
   * An amount of zero fires nothing new but lets the wheels drop cancelled timers.
   *
   * <p>The time moves in one step: actions that run during this call already see the new time, so
   * a timer they start counts from it (as after Tokio's {@code time::advance}). Advance in smaller
   * steps to let chained timers fire in between.
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          "a clock only moves forward: amount must be zero or more, was " + amount);
    }
    synchronized (advanceLock) {
      long target = Math.addExact(now, amount.toNanos());
      now = target;
      for (ManualClockAccess.Driven wheel : wheels) {
        wheel.advanceTo(target);
      }
    }
  }

  @Override
  public String toString() {
    return "TestClock[" + elapsed() + "]";
  }
}
