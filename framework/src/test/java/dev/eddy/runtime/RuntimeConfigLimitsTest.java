package dev.eddy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shutdown join timeout and the blocking queue bound: defaults, and both ways to set them. */
class RuntimeConfigLimitsTest {

  @Test
  void defaultsComeFromReferenceConf() {
    RuntimeConfig c = RuntimeConfig.from(EddyConfig.load(ConfigFactory.empty()));
    assertThat(c.shutdownJoinTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.blockingMaxQueued()).isEqualTo(10_000);
  }

  @Test
  void configValuesOutOfRangeNameTheKeyAndTheRange() {
    assertThatThrownBy(() -> RuntimeConfig.from(EddyConfig.load(
        ConfigFactory.parseString("eddy.runtime.shutdown-join-timeout = 0s"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.runtime.shutdown-join-timeout")
        .hasMessageContaining("a duration from");
    assertThatThrownBy(() -> RuntimeConfig.from(EddyConfig.load(
        ConfigFactory.parseString("eddy.runtime.blocking.max-queued = 0"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.runtime.blocking.max-queued = 0")
        .hasMessageContaining("from 1 to 10000000");
  }

  @Test
  void builderValuesAreCheckedWithTheSameBounds() {
    assertThatThrownBy(() -> Runtime.builder().shutdownJoinTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shutdownJoinTimeout = PT0S").hasMessageContaining("from 1ms");
    assertThatThrownBy(() -> Runtime.builder().blockingMaxQueued(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blockingMaxQueued = 0");
  }
}
