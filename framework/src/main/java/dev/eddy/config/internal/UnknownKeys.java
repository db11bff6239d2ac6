package dev.eddy.config.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the settings under {@code eddy} that no {@code reference.conf} defines (a typo such as
 * {@code eddy.runtime.wokers}, or an {@code EDDY_...} environment variable that names no key) and
 * reports each with the nearest known key by edit distance.
 *
 * <p>The known keys are those of the merged {@code reference.conf} of the class path, so every
 * module on it counts, and nothing outside {@code eddy} (the application's own {@code chat.*},
 * {@code inventory.*}) is ever looked at. With {@code eddy.config.strict = on} the first unknown
 * key is an {@link InvalidConfigException} (the others attached as suppressed); otherwise each is
 * a WARN, logged once per process for each distinct key, since {@link EddyConfig#load()} runs once
 * for every component that reads its settings.
 *
 * <p>Thread-safety: safe to call from any thread; the set of reported keys is concurrent.
 */
public final class UnknownKeys {

  private static final Logger LOG = LoggerFactory.getLogger(EddyConfig.class);
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
  private static final String ROOT = "eddy";
  private static final String ENV_PREFIX = "EDDY_";

  private UnknownKeys() {}

  /**
   * Reports the unknown {@code eddy} keys of {@code config} and the {@code EDDY_} variables of
   * {@code env} that map to no key of {@code reference}.
   *
   * @throws InvalidConfigException when there is one and {@code eddy.config.strict} is on
   */
  public static void check(Config reference, Config config, Map<String, String> env,
      boolean strict) {
    Map<String, String> known = new TreeMap<>(); // environment name -> key
    if (reference.hasPath(ROOT)) {
      for (String leaf : toMap(reference.getConfig(ROOT)).keySet()) {
        known.put(EddyConfig.environmentName(ROOT + "." + leaf), ROOT + "." + leaf);
      }
    }
    List<InvalidConfigException> problems = new ArrayList<>();
    if (config.hasPath(ROOT)) {
      for (Map.Entry<String, ConfigValue> entry : toMap(config.getConfig(ROOT)).entrySet()) {
        String key = ROOT + "." + entry.getKey();
        if (reference.hasPathOrNull(key)) {
          continue;
        }
        String nearest = nearest(key, known.values());
        String value = entry.getValue().render(ConfigRenderOptions.concise());
        String origin = entry.getValue().origin().description();
        problems.add(new InvalidConfigException(key, value, origin,
            "a key that a reference.conf defines" + hint(nearest)));
        if (!strict && REPORTED.add(key)) {
          LOG.warn("Unknown configuration key {} = {} (from {}): no reference.conf defines it,"
              + " so it has no effect{} (eddy.config.strict = on makes this an error)", key,
              value, origin, hint(nearest));
        }
      }
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(ENV_PREFIX) || known.containsKey(name)) {
        continue;
      }
      String nearestName = nearest(name, known.keySet());
      String hint = nearestName == null ? ""
          : "; did you mean " + nearestName + " (" + known.get(nearestName) + ")?";
      problems.add(new InvalidConfigException(name, entry.getValue(), "environment variable",
          "a variable that names a key of a reference.conf" + hint));
      if (!strict && REPORTED.add(name)) {
        LOG.warn("Environment variable {} names no configuration key, so it has no effect{}"
            + " (eddy.config.strict = on makes this an error)", name, hint);
      }
    }
    if (strict && !problems.isEmpty()) {
      InvalidConfigException first = problems.get(0);
      problems.subList(1, problems.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  /** The leaves of {@code section}, sorted, so that reports come in a stable order. */
  private static Map<String, ConfigValue> toMap(Config section) {
    Map<String, ConfigValue> leaves = new TreeMap<>();
    section.entrySet().forEach(e -> leaves.put(e.getKey(), e.getValue()));
    return leaves;
  }

  private static String hint(String nearest) {
    return nearest == null ? "; the keys are listed in docs/configuration.md"
        : "; did you mean " + nearest + "?";
  }

  /**
   * The candidate closest to {@code name} by edit distance, or {@code null} when even that one
   * differs in more than a quarter of the name (at least 2 edits are always allowed).
   */
  static String nearest(String name, Iterable<String> candidates) {
    String best = null;
    int bestDistance = Math.max(2, name.length() / 4) + 1;
    for (String candidate : candidates) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
