package dev.eddy.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads and validates the settings under one path of a {@link Config}, turning every bad value
 * into an {@link InvalidConfigException} that names the key, the value, its origin and what is
 * allowed. Each module reads its {@code reference.conf} section through one of these, and an
 * application reads its own keys ({@code inventory.port}) the same way, so that its bad values get
 * the same messages (docs/configuration.md, "Your own settings").
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class Settings {

  private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

  private final Config config;
  private final String prefix;

  /**
   * @param config the whole configuration, as from {@link EddyConfig#load()}
   * @param prefix the section to read, e.g. {@code eddy.runtime}
   */
  public Settings(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** An integer in {@code [min, max]}. */
  public int intBetween(String key, int min, int max) {
    return intMatching(key, v -> v >= min && v <= max, "an integer from " + min + " to " + max);
  }

  /** An integer that {@code rule} accepts; {@code expected} says in words what it accepts. */
  public int intMatching(String key, java.util.function.IntPredicate rule, String expected) {
    int value;
    try {
      value = config.getInt(path(key));
    } catch (ConfigException.Missing | ConfigException.WrongType e) {
      throw invalid(key, expected);
    }
    if (!rule.test(value)) {
      throw invalid(key, expected);
    }
    return value;
  }

  /**
   * A duration (HOCON syntax such as {@code 10s} or {@code 250ms}) in {@code [min, max]}. A number
   * without a unit is refused (HOCON would take {@code idle-timeout = 30} as 30 milliseconds),
   * except {@code 0}, which is the same in every unit. The range in the message reads as {@link
   * Durations#format} writes it: {@code from 1ms to 1d}.
   */
  public Duration durationBetween(String key, Duration min, Duration max) {
    String expected = "a duration from " + Durations.format(min) + " to " + Durations.format(max)
        + " (for example 10s or 250ms)";
    String bare = bareNumber(key);
    if (bare != null) {
      throw invalid(key, "a duration with a unit, such as " + bare + "s or 250ms (a number "
          + "alone would be taken as milliseconds), from " + Durations.format(min) + " to "
          + Durations.format(max));
    }
    Duration value;
    try {
      value = config.getDuration(path(key));
    } catch (ConfigException.Missing | ConfigException.WrongType | ConfigException.BadValue e) {
      throw invalid(key, expected);
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(key, expected);
    }
    return value;
  }

  /**
   * A size in bytes (HOCON syntax: {@code 65536}, {@code 64KiB}, {@code 16MiB}) in {@code [min,
   * max]}; an {@code int} when {@code max} fits one.
   */
  public long bytesBetweenLong(String key, long min, long max) {
    String expected = "a size in bytes from " + min + " to " + max + " (for example 65536, 64KiB "
        + "or 16MiB)";
    long value;
    try {
      value = config.getBytes(path(key));
    } catch (ConfigException.Missing | ConfigException.WrongType | ConfigException.BadValue e) {
      throw invalid(key, expected);
    }
    if (value < min || value > max) {
      throw invalid(key, expected);
    }
    return value;
  }

  /** A size in bytes, as {@link #bytesBetweenLong}, that fits an {@code int}. */
  public int bytesBetween(String key, int min, int max) {
    return (int) bytesBetweenLong(key, min, max);
  }

  /**
   * The check of a settings record's compact constructor, for values set in code: fails with an
   * {@link IllegalArgumentException} naming {@code name}, the bad {@code value} and what was
   * {@code expected}, the same shape of message as a bad key in a file gets.
   */
  public static void requireArg(boolean ok, String name, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(name + " = " + value + ": expected " + expected);
    }
  }

  /** A string that is not blank. */
  public String nonBlank(String key) {
    String value;
    try {
      value = config.getString(path(key));
    } catch (ConfigException.Missing | ConfigException.WrongType e) {
      throw invalid(key, "a non-empty string");
    }
    if (value.isBlank()) {
      throw invalid(key, "a non-empty string");
    }
    return value;
  }

  /** One of {@code allowed} (compared ignoring case); returns it as written in {@code allowed}. */
  public String oneOf(String key, String... allowed) {
    String expected = "one of " + String.join(", ", allowed);
    String value;
    try {
      value = config.getString(path(key));
    } catch (ConfigException.Missing | ConfigException.WrongType e) {
      throw invalid(key, expected);
    }
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(value.trim())) {
        return candidate;
      }
    }
    throw invalid(key, expected);
  }

  /** A boolean ({@code true}/{@code false}, {@code on}/{@code off}, {@code yes}/{@code no}). */
  public boolean bool(String key) {
    try {
      return config.getBoolean(path(key));
    } catch (ConfigException.Missing | ConfigException.WrongType e) {
      throw invalid(key, "true or false");
    }
  }

  /** The exception for a bad value at {@code key}, for checks that span several keys. */
  public InvalidConfigException invalid(String key, String expected) {
    String path = path(key);
    if (!config.hasPathOrNull(path)) {
      return new InvalidConfigException(path, null, null, expected);
    }
    if (config.getIsNull(path)) {
      return new InvalidConfigException(path, "null", null, expected);
    }
    ConfigValue value = config.getValue(path);
    String rendered = value.render(com.typesafe.config.ConfigRenderOptions.concise());
    return new InvalidConfigException(path, rendered, value.origin().description(), expected);
  }

  /**
   * The value at {@code key} when it is a number other than zero with no unit, either a HOCON
   * number or a string of digits (as environment variables and system properties give it).
   */
  private String bareNumber(String key) {
    String path = path(key);
    if (!config.hasPath(path)) {
      return null;
    }
    Object raw = config.getValue(path).unwrapped();
    String text = raw instanceof Number || raw instanceof String ? raw.toString().strip() : "";
    if (!BARE_NUMBER.matcher(text).matches() || Double.parseDouble(text) == 0) {
      return null;
    }
    return text;
  }

  private String path(String key) {
    return prefix + "." + key;
  }
}
