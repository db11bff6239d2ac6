package dev.eddy.config;

import java.time.Duration;

/**
 * Writes a {@link Duration} the way a user writes one in {@code application.conf}: {@code 10ms},
 * {@code 1m}, {@code 30s}, not ISO-8601's {@code PT0.01S}. For every message a user reads:
 * configuration errors, timeouts, limits.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class Durations {

  private static final long[] SECONDS = {86_400, 3_600, 60, 1};
  private static final String[] LARGE = {"d", "h", "m", "s"};
  private static final long[] NANOS = {1_000_000, 1_000, 1};
  private static final String[] SMALL = {"ms", "us", "ns"};

  private Durations() {}

  /**
   * {@code duration} in the largest HOCON unit ({@code d}, {@code h}, {@code m}, {@code s},
   * {@code ms}, {@code us}, {@code ns}) that holds it exactly, so that the text reads back as the
   * same duration: {@code 10ms}, {@code 1m}, {@code 1500ms}, {@code 0s}, {@code -250ms}.
   */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.getSeconds() == Long.MIN_VALUE) {
      return duration.toString(); // its negation does not fit a Duration
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.getNano() == 0) {
      for (int i = 0; i < SECONDS.length; i++) {
        if (duration.getSeconds() % SECONDS[i] == 0) {
          return duration.getSeconds() / SECONDS[i] + LARGE[i];
        }
      }
    }
    if (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
      return duration.toString(); // over 292 years with a fraction of a second: no unit holds it
    }
    long nanos = duration.toNanos();
    for (int i = 0; i < NANOS.length; i++) {
      if (nanos % NANOS[i] == 0) {
        return nanos / NANOS[i] + SMALL[i];
      }
    }
    throw new AssertionError("1ns divides every duration");
  }
}
