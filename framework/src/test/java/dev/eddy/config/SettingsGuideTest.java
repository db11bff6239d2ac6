package dev.eddy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The snippet of docs/configuration.md's "Your own settings" section, compiled and run: an
 * application's keys read through {@link Settings}, with the same messages as Eddy's own keys.
 */
class SettingsGuideTest {

  /** The inventory service's settings, from the {@code inventory} section of its configuration. */
  record InventorySettings(int port, Duration helloTimeout, long maxBody, boolean seed) {

    static InventorySettings from(Config config) {
      Settings s = new Settings(config, "inventory");
      return new InventorySettings(
          s.intBetween("port", 0, 65535),
          s.durationBetween("hello-timeout", Duration.ofMillis(1), Duration.ofMinutes(1)),
          s.bytesBetweenLong("max-body", 1, 64L << 20),
          s.bool("seed"));
    }
  }

  private static InventorySettings read(String hocon) {
    return InventorySettings.from(EddyConfig.load(ConfigFactory.parseString(hocon)));
  }

  @Test
  void theApplicationsOwnKeysAreReadAndChecked() {
    InventorySettings settings = read("""
        inventory { port = 8094, hello-timeout = 2s, max-body = 1MiB, seed = on }
        """);
    assertThat(settings).isEqualTo(
        new InventorySettings(8094, Duration.ofSeconds(2), 1L << 20, true));
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> read("""
        inventory { port = 8094, hello-timeout = 2, max-body = 1MiB, seed = on }
        """))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("inventory.hello-timeout = 2 (from String: 1): expected a "
            + "duration with a unit, such as 2s or 250ms");
    assertThatThrownBy(() -> read("inventory { hello-timeout = 2s, max-body = 1MiB, seed = on }"))
        .hasMessage("inventory.port = (missing): expected an integer from 0 to 65535");
  }
}
