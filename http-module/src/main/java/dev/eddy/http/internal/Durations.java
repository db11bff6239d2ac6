package dev.eddy.http.internal;

import java.time.Duration;

/**
 * Durations as people write them in configuration ({@code 200ms}, {@code 5s}, {@code 2m}, {@code
 * 1h}), for texts a client or an operator reads, where {@link Duration#toString()} would say
 * {@code PT0.2S}. Static, any thread.
 */
public final class Durations {

  private static final long MS_PER_S = 1000;
  private static final long MS_PER_M = 60 * MS_PER_S;
  private static final long MS_PER_H = 60 * MS_PER_M;

  private Durations() {}

  /**
   * {@code d} in the largest unit that states it exactly: {@code 1h}, {@code 2m}, {@code 30s},
   * {@code 200ms}, {@code 1500ms}; below a millisecond, or not a whole one, in nanoseconds
   * ({@code 1500000ns} is {@code 1.5ms}, not rounded).
   */
  public static String format(Duration d) {
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.toSeconds() + "s";
    }
    if (nanos % 1_000_000 != 0) {
      return nanos + "ns";
    }
    long ms = nanos / 1_000_000;
    if (ms != 0 && ms % MS_PER_H == 0) {
      return ms / MS_PER_H + "h";
    }
    if (ms != 0 && ms % MS_PER_M == 0) {
      return ms / MS_PER_M + "m";
    }
    if (ms != 0 && ms % MS_PER_S == 0) {
      return ms / MS_PER_S + "s";
    }
    return ms + "ms";
  }
}
