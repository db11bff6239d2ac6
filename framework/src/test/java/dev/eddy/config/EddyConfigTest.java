package dev.eddy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import ch.qos.logback.classic.Level;
import dev.eddy.net.LogCapture;
import dev.eddy.runtime.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EddyConfigTest {

  @Test
  void referenceDefaultsLoad() {
    RuntimeConfig c = RuntimeConfig.from(EddyConfig.load(ConfigFactory.empty()));
    assertThat(c.workers()).isEqualTo(java.lang.Runtime.getRuntime().availableProcessors());
    assertThat(c.localQueueCapacity()).isEqualTo(256);
    assertThat(c.budget()).isEqualTo(128);
    assertThat(c.globalQueueInterval()).isEqualTo(61);
    assertThat(c.timerTick()).isEqualTo(Duration.ofMillis(1));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void applicationConfigOverridesReference() {
    Config app = ConfigFactory.parseString("eddy.runtime { workers = 3, budget = 64 }");
    RuntimeConfig c = RuntimeConfig.from(EddyConfig.load(app));
    assertThat(c.workers()).isEqualTo(3);
    assertThat(c.budget()).isEqualTo(64);
  }

  @Test
  void systemPropertiesOverrideApplicationConfig() {
    System.setProperty("eddy.runtime.max-lifo-polls", "7");
    try {
      Config app = ConfigFactory.parseString("eddy.runtime.max-lifo-polls = 2");
      assertThat(RuntimeConfig.from(EddyConfig.load(app)).maxLifoPolls()).isEqualTo(7);
    } finally {
      System.clearProperty("eddy.runtime.max-lifo-polls");
    }
  }

  @Test
  void environmentVariablesMapToReferenceKeys() {
    Config reference = ConfigFactory.defaultReference();
    Config env = EddyConfig.environmentOverrides(reference, Map.of(
        "EDDY_RUNTIME_WORKERS", "5",
        "EDDY_RUNTIME_BLOCKING_MAX_THREADS", "9",
        "EDDY_NOT_A_KEY", "1",
        "PATH", "/bin"));
    assertThat(env.getInt("eddy.runtime.workers")).isEqualTo(5);
    assertThat(env.getInt("eddy.runtime.blocking.max-threads")).isEqualTo(9);
    assertThat(env.hasPath("eddy.not")).isFalse();
    assertThat(env.getValue("eddy.runtime.workers").origin().description())
        .contains("EDDY_RUNTIME_WORKERS");
    assertThat(EddyConfig.environmentName("eddy.runtime.timer.wheel-size"))
        .isEqualTo("EDDY_RUNTIME_TIMER_WHEEL_SIZE");
  }

  @Test
  void invalidValuesNameKeyValueOriginAndWhatIsAllowed() {
    assertInvalid("eddy.runtime.workers = -2", "eddy.runtime.workers = -2",
        "expected an integer from 0 to 32767");
    assertInvalid("eddy.runtime.local-queue-capacity = 100",
        "eddy.runtime.local-queue-capacity = 100", "a power of two from 4 to 65536");
    assertInvalid("eddy.runtime.workers = lots", "eddy.runtime.workers = \"lots\"",
        "an integer");
    assertInvalid("eddy.runtime.timer.tick = 1ns", "eddy.runtime.timer.tick = \"1ns\"",
        "a duration from");
    assertInvalid("eddy.runtime.blocking.virtual-threads = maybe",
        "eddy.runtime.blocking.virtual-threads = \"maybe\"", "one of auto, on, off");
    assertInvalid("eddy.runtime.shutdown-timeout = soon", "eddy.runtime.shutdown-timeout",
        "a duration");
  }

  private static void assertInvalid(String hocon, String... fragments) {
    Config app = ConfigFactory.parseString(hocon);
    assertThatThrownBy(() -> RuntimeConfig.from(EddyConfig.load(app)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll(fragments)
        .hasMessageContaining("from String");
  }

  @Test
  void builderValuesAreCheckedToo() {
    assertThatThrownBy(() -> dev.eddy.runtime.Runtime.builder().workers(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workers = 0");
    assertThatThrownBy(() -> dev.eddy.runtime.Runtime.builder().localQueueCapacity(3).build())
        .hasMessageContaining("localQueueCapacity = 3").hasMessageContaining("power of two");
  }

  // -Dconfig.file, -Dconfig.resource and -Dconfig.url replace the classpath application.conf, as
  // in Typesafe's ConfigFactory.load(); system properties still win over them (trial B4).

  @Test
  void configFileReplacesApplicationConf(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("other.conf"),
        "eddy.runtime { budget = 19, max-lifo-polls = 3 }\n");
    System.setProperty("config.file", file.toString());
    System.setProperty("eddy.runtime.max-lifo-polls", "7");
    try {
      RuntimeConfig c = RuntimeConfig.from(EddyConfig.load());
      assertThat(c.budget()).isEqualTo(19);
      assertThat(c.maxLifoPolls()).isEqualTo(7);
    } finally {
      System.clearProperty("config.file");
      System.clearProperty("eddy.runtime.max-lifo-polls");
    }
  }

  @Test
  void configResourceReplacesApplicationConf() {
    System.setProperty("config.resource", "dev/eddy/config/other-application.conf");
    try {
      assertThat(RuntimeConfig.from(EddyConfig.load()).budget()).isEqualTo(17);
    } finally {
      System.clearProperty("config.resource");
    }
  }

  @Test
  void configUrlReplacesApplicationConf(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("url.conf"), "eddy.runtime.budget = 23\n");
    System.setProperty("config.url", file.toUri().toString());
    try {
      assertThat(RuntimeConfig.from(EddyConfig.load()).budget()).isEqualTo(23);
    } finally {
      System.clearProperty("config.url");
    }
  }

  @Test
  void aMissingConfigFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("missing.conf");
    System.setProperty("config.file", missing.toString());
    try {
      assertThatThrownBy(EddyConfig::load)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContainingAll("config.file = " + missing, "system property",
              "does not exist");
    } finally {
      System.clearProperty("config.file");
    }
  }

  @Test
  void aMissingResourceABadUrlAndTwoSourcesAtOnceAreNamed(@TempDir Path dir) {
    assertRefused(Map.of("config.resource", "no/such.conf"),
        "config.resource = no/such.conf (from system property)", "no classpath resource");
    assertRefused(Map.of("config.url", dir.resolve("gone.conf").toUri().toString()),
        "config.url = file:", "gone.conf");
    assertRefused(Map.of("config.url", "not a url"), "config.url = not a url", "not a URL");
    assertRefused(Map.of("config.file", "a.conf", "config.resource", "b.conf"),
        "only one of config.resource, config.file and config.url");
  }

  private static void assertRefused(Map<String, String> properties, String... fragments) {
    properties.forEach(System::setProperty);
    try {
      assertThatThrownBy(EddyConfig::load)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContainingAll(fragments);
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }

  // An eddy key that no reference.conf defines is a WARN naming the nearest known key, once per
  // key, and an error with eddy.config.strict = on; the application's own keys are left alone
  // (trial B6). Each test uses keys of its own, since a key is reported once per process.

  @Test
  void anUnknownKeyIsWarnedOnceWithTheNearestKnownKey() {
    Config app = ConfigFactory.parseString("""
        eddy.runtime.wokers = 4
        eddy.runtime.blocking.max-thread = 8
        inventory.port = 8094
        """);
    try (LogCapture log = new LogCapture("dev.eddy.config")) {
      EddyConfig.load(app);
      EddyConfig.load(app);
      assertThat(log.mentioning("eddy.runtime.wokers")).singleElement().satisfies(e -> {
        assertThat(e.getLevel()).isEqualTo(Level.WARN);
        assertThat(e.getFormattedMessage()).contains("did you mean eddy.runtime.workers?");
      });
      assertThat(log.mentioning("eddy.runtime.blocking.max-thread ")).singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage())
              .contains("did you mean eddy.runtime.blocking.max-threads?"));
      assertThat(log.mentioning("inventory")).isEmpty();
    }
  }

  @Test
  void anUnknownKeyIsAnErrorWhenStrict() {
    Config app = ConfigFactory.parseString("""
        eddy.config.strict = on
        eddy.runtime.shutdown-timout = 5s
        """);
    assertThatThrownBy(() -> EddyConfig.load(app))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(problems(e)).anySatisfy(m -> assertThat(m)
            .contains("eddy.runtime.shutdown-timout = \"5s\"", "from String",
                "did you mean eddy.runtime.shutdown-timeout?")));
  }

  /**
   * The strict exception's message and those of the problems it carries as suppressed, since the
   * JVM running the test may have unknown eddy keys of its own (a -D of the build).
   */
  private static List<String> problems(Throwable e) {
    return Stream.concat(Stream.of(e), Arrays.stream(e.getSuppressed()))
        .map(Throwable::getMessage).toList();
  }

  @Test
  void anUnknownEnvironmentVariableIsReportedWithTheNearestVariable() {
    Map<String, String> env = Map.of("EDDY_RUNTIME_WORKER", "4", "EDDY_RUNTIME_BUDGET", "64",
        "INVENTORY_PORT", "8094");
    try (LogCapture log = new LogCapture("dev.eddy.config")) {
      assertThat(RuntimeConfig.from(EddyConfig.layer(ConfigFactory.empty(), env)).budget())
          .isEqualTo(64);
      assertThat(log.mentioning("EDDY_RUNTIME_WORKER ")).singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage())
              .contains("did you mean EDDY_RUNTIME_WORKERS (eddy.runtime.workers)?"));
      assertThat(log.mentioning("EDDY_RUNTIME_BUDGET")).isEmpty();
      assertThat(log.mentioning("INVENTORY")).isEmpty();
    }
    Config strict = ConfigFactory.parseString("eddy.config.strict = on");
    assertThatThrownBy(() -> EddyConfig.layer(strict, Map.of("EDDY_RUNTIME_WORKER", "4")))
        .isInstanceOf(InvalidConfigException.class)
        .satisfies(e -> assertThat(problems(e)).anySatisfy(m -> assertThat(m)
            .contains("EDDY_RUNTIME_WORKER = 4 (from environment variable)",
                "did you mean EDDY_RUNTIME_WORKERS (eddy.runtime.workers)?")));
  }
}
