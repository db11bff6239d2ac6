package dev.eddy.config;

/**
 * A configuration value that Eddy cannot use. The message names the key, the value that was
 * given, where it came from, and what is allowed, for example {@code eddy.runtime.workers = -2
 * (from system property): expected 0 (one worker per processor) or a positive integer}.
 *
 * <p>Thrown at start-up, when a runtime, actor system or server reads its settings, never later.
 */
public final class InvalidConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * @param key the full path of the setting, e.g. {@code eddy.runtime.workers}
   * @param value the value as given (rendered), or {@code null} when it is missing
   * @param origin where the value came from (file and line, system property, environment)
   * @param expected what an allowed value looks like
   */
  public InvalidConfigException(String key, String value, String origin, String expected) {
    super(key + " = " + (value == null ? "(missing)" : value)
        + (origin == null || origin.isEmpty() ? "" : " (from " + origin + ")")
        + ": expected " + expected);
    this.key = key;
  }

  /** The full path of the setting that was wrong. */
  public String key() {
    return key;
  }
}
