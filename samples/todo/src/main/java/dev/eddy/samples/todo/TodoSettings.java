package dev.eddy.samples.todo;

import com.typesafe.config.Config;
import dev.eddy.config.Settings;
import java.time.Duration;

/**
 * The service's own settings, section {@code todo} of {@code application.conf} (defaults there),
 * overridable by system property ({@code -Dtodo.ask-timeout=5s}) or by the environment variables
 * that {@code application.conf} names ({@code TODO_ASK_TIMEOUT=5s}).
 *
 * @param askTimeout how long an endpoint waits for the store's answer before a 503
 * @param maxTitleLength the longest title accepted, in characters (code points)
 * @param maxTodos the most todos the list holds; a create past it is a 409
 * @param maxBodySize the largest request body on {@code /todos}, in bytes; past it, 413
 * @param shutdownDrain how long {@code /ready} answers 503 before the server stops accepting, so
 *     that a load balancer takes the instance out of rotation first
 */
public record TodoSettings(Duration askTimeout, int maxTitleLength, int maxTodos,
    long maxBodySize, Duration shutdownDrain) {

  /** The upper bound of the durations: anything longer is a typo, not a wish. */
  private static final Duration MAX_DURATION = Duration.ofMinutes(10);

  /**
   * Reads and validates section {@code todo} of {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key, its value and what
   *     was expected
   */
  public static TodoSettings from(Config config) {
    Settings s = new Settings(config, "todo");
    return new TodoSettings(
        s.durationBetween("ask-timeout", Duration.ofMillis(1), MAX_DURATION),
        s.intBetween("max-title-length", 1, 100_000),
        s.intBetween("max-todos", 1, 10_000_000),
        s.bytesBetweenLong("max-body-size", 2, Long.MAX_VALUE / 16),
        s.durationBetween("shutdown-drain", Duration.ZERO, MAX_DURATION));
  }
}
