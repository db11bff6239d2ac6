package dev.eddy.time.internal;

import java.time.Duration;

/**
 * Arithmetic on nanosecond counts that saturates instead of wrapping, so that an absurdly long
 * delay means "never" rather than "in the past".
 */
final class Nanos {

  private Nanos() {}

  /** {@code duration} in nanoseconds, or {@link Long#MAX_VALUE} beyond about 292 years. */
  static long saturated(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code a + b} for {@code b >= 0}, or {@link Long#MAX_VALUE} on overflow. */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** {@code a * b} for non-negative operands, or {@link Long#MAX_VALUE} on overflow. */
  static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }

  /** {@code a / b} rounded up, for {@code b > 0} (Math.ceilDiv arrived in Java 18). */
  static long ceilDiv(long a, long b) {
    long quotient = Math.floorDiv(a, b);
    return quotient * b == a ? quotient : quotient + 1;
  }
}
