package dev.eddy.time.internal;

import dev.eddy.time.TestClock;

/**
 * Lets a {@link WheelTimer} attach itself to a {@link TestClock} without the public {@code
 * TestClock} API naming any internal type (the JDK's {@code SharedSecrets} pattern).
 *
 * <p>How it works: {@code TestClock}'s static initializer hands an {@link Access} implementation,
 * which calls its private methods, to {@link #register}. A wheel only looks for the access once it
 * holds a {@code TestClock} instance, and an instance exists only after its class was initialized,
 * so the access is always registered by then.
 *
 * <p>Not part of Eddy's API; only {@code TestClock} and this package use it.
 */
public final class ManualClockAccess {

  /** Something a {@link TestClock} moves forward: a wheel driven on the advancing thread. */
  public interface Driven {

    /**
     * Processes every tick up to {@code nanoTime} (the clock's new reading) and hands due actions
     * to their executors before returning. Called by {@code TestClock.advance} on its caller's
     * thread, one advance at a time.
     */
    void advanceTo(long nanoTime);
  }

  /** {@code TestClock}'s side of the bridge. */
  public interface Access {

    /** From now on, every {@code advance} of {@code clock} drives {@code wheel}. */
    void attach(TestClock clock, Driven wheel);

    /** Stops {@code clock} from driving {@code wheel}; no effect if it was not attached. */
    void detach(TestClock clock, Driven wheel);
  }

  private static volatile Access access;

  private ManualClockAccess() {}

  /**
   * Called once, by {@code TestClock}'s static initializer.
   *
   * @throws IllegalStateException if an access was already registered
   */
  public static void register(Access testClockAccess) {
    synchronized (ManualClockAccess.class) {
      if (access != null) {
        throw new IllegalStateException("TestClock access is already registered");
      }
      access = testClockAccess;
    }
  }

  static void attach(TestClock clock, Driven wheel) {
    access.attach(clock, wheel);
  }

  static void detach(TestClock clock, Driven wheel) {
    access.detach(clock, wheel);
  }
}
