package dev.eddy.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.eddy.config.internal.UnknownKeys;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads Eddy's configuration: every module's {@code reference.conf} (the defaults), then the
 * application's {@code application.conf} (or the file that {@code -Dconfig.file}, {@code
 * -Dconfig.resource} or {@code -Dconfig.url} names), then environment variables, then system
 * properties, each layer overriding the one before. Unknown {@code eddy} keys are reported (see
 * {@link #load()}).
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

  private static final String CONFIG_RESOURCE = "config.resource";
  private static final String CONFIG_FILE = "config.file";
  private static final String CONFIG_URL = "config.url";

  private EddyConfig() {}

  /**
   * The layered configuration of this process, loaded with the context class loader. The
   * application layer is the classpath {@code application.conf} (or {@code .json}, {@code
   * .properties}), or, as with Typesafe's {@code ConfigFactory.load()}, the one file named by the
   * system property {@code config.resource} (a classpath resource), {@code config.file} (a path)
   * or {@code config.url} (a URL) in its place; environment variables and system properties still
   * override it.
   *
   * <p>Every {@code eddy} key that no {@code reference.conf} defines, and every {@code EDDY_...}
   * environment variable that names none, is logged once per process at WARN with the nearest
   * known key ("did you mean eddy.runtime.workers?"); with {@code eddy.config.strict = on} it is an
   * {@link InvalidConfigException} instead.
   *
   * @throws InvalidConfigException when a {@code config.*} property names a file that cannot be
   *     read, or (strict) for an unknown key
   */
  public static Config load() {
    return layer(application(), System.getenv());
  }

  /** The application layer: {@code config.resource}, {@code config.file}, {@code config.url}. */
  private static Config application() {
    List<String> given = new ArrayList<>();
    for (String property : new String[] {CONFIG_RESOURCE, CONFIG_FILE, CONFIG_URL}) {
      if (System.getProperty(property) != null) {
        given.add(property);
      }
    }
    if (given.isEmpty()) {
      return ConfigFactory.parseResourcesAnySyntax(loader(), "application");
    }
    if (given.size() > 1) {
      throw new InvalidConfigException(given.get(1), System.getProperty(given.get(1)),
          "system property", "only one of config.resource, config.file and config.url; "
          + given.get(0) + " is set too");
    }
    String property = given.get(0);
    String value = System.getProperty(property);
    ConfigParseOptions mustExist = ConfigParseOptions.defaults().setAllowMissing(false);
    try {
      switch (property) {
        case CONFIG_RESOURCE -> {
          String resource = value.startsWith("/") ? value.substring(1) : value;
          if (loader().getResource(resource) == null) {
            throw unreadable(property, value, "no classpath resource " + resource);
          }
          return ConfigFactory.parseResources(loader(), resource, mustExist);
        }
        case CONFIG_FILE -> {
          File file = new File(value);
          if (!file.isFile()) {
            throw unreadable(property, value, file.getAbsolutePath() + " does not exist");
          }
          return ConfigFactory.parseFile(file, mustExist);
        }
        default -> {
          URL url;
          try {
            url = new URI(value).toURL();
          } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw unreadable(property, value, "it is not a URL: " + e.getMessage());
          }
          return ConfigFactory.parseURL(url, mustExist);
        }
      }
    } catch (ConfigException.IO e) {
      throw unreadable(property, value, e.getMessage());
    }
  }

  private static InvalidConfigException unreadable(String property, String value, String why) {
    return new InvalidConfigException(property, value, "system property",
        "a configuration file to read in place of application.conf, but " + why);
  }

  /**
   * The configuration with {@code application} in place of {@code application.conf}: for tests and
   * for programs that build their settings in code. Environment variables and system properties
   * still override it. Unknown {@code eddy} keys are reported as by {@link #load()}.
   */
  public static Config load(Config application) {
    return layer(application, System.getenv());
  }

  /** The four layers over {@code application}, with {@code environment} as the environment. */
  static Config layer(Config application, Map<String, String> environment) {
    ConfigFactory.invalidateCaches();
    Config reference = ConfigFactory.defaultReference(loader());
    Config env = environmentOverrides(reference, environment);
    Config config = ConfigFactory.systemProperties()
        .withFallback(env)
        .withFallback(application)
        .withFallback(reference)
        .resolve();
    boolean strict = new Settings(config, "eddy.config").bool("strict");
    UnknownKeys.check(reference, config, environment, strict);
    return config;
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
