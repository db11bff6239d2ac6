package dev.eddy.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Locale;
import java.util.Map;

/**
 * Loads Eddy's configuration: every module's {@code reference.conf} (the defaults), then the
 * application's {@code application.conf}, then environment variables, then system properties,
 * each layer overriding the one before.
 *
 * <p>Environment variables name a key by upper-casing it and turning {@code .} and {@code -} into
 * {@code _}: {@code EDDY_RUNTIME_WORKERS=4} sets {@code eddy.runtime.workers}, {@code
 * EDDY_RUNTIME_BLOCKING_MAX_THREADS=64} sets {@code eddy.runtime.blocking.max-threads}. Only keys
 * that a {@code reference.conf} defines under {@code eddy} can be set this way, so the mapping is
 * never ambiguous. System properties use the key itself: {@code -Deddy.runtime.workers=4}.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread.
 */
public final class EddyConfig {

  private EddyConfig() {}

  /** The layered configuration of this process, loaded with the context class loader. */
  public static Config load() {
    return layer(ConfigFactory.parseResources(loader(), "application.conf"));
  }

  /**
   * The configuration with {@code application} in place of {@code application.conf}: for tests and
   * for programs that build their settings in code. Environment variables and system properties
   * still override it.
   */
  public static Config load(Config application) {
    return layer(application);
  }

  private static Config layer(Config application) {
    ConfigFactory.invalidateCaches();
    Config reference = ConfigFactory.defaultReference(loader());
    Config env = environmentOverrides(reference, System.getenv());
    return ConfigFactory.systemProperties()
        .withFallback(env)
        .withFallback(application)
        .withFallback(reference)
        .resolve();
  }

  /**
   * The overrides that {@code env} makes to the {@code eddy} keys of {@code reference}: each key's
   * environment name is the key upper-cased with {@code .} and {@code -} turned into {@code _}.
   */
  static Config environmentOverrides(Config reference, Map<String, String> env) {
    Config overrides = ConfigFactory.empty();
    if (!reference.hasPath("eddy")) {
      return overrides;
    }
    for (Map.Entry<String, ConfigValue> entry : reference.getConfig("eddy").entrySet()) {
      String key = "eddy." + entry.getKey();
      String value = env.get(environmentName(key));
      if (value != null) {
        overrides = overrides.withValue(key,
            ConfigValueFactory.fromAnyRef(value, "environment variable " + environmentName(key)));
      }
    }
    return overrides;
  }

  /** The environment variable that sets {@code key}, e.g. {@code EDDY_RUNTIME_WORKERS}. */
  public static String environmentName(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : EddyConfig.class.getClassLoader();
  }
}
