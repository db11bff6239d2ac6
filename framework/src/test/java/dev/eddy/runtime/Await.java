package dev.eddy.runtime;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline, for tests: never a fixed sleep. The one such helper of the
 * framework's tests; use it rather than writing another.
 */
public final class Await {

  private Await() {}

  /** Polls {@code condition} until it holds; fails with {@code what} once {@code limit} passes. */
  public static void until(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + limit + " waiting for: " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
