package dev.eddy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.eddy.runtime.RuntimeConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
