package dev.eddy.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings: the defaults of application.conf, overrides, and what a bad value says. */
class TodoSettingsTest {

  @Test
  void readsTheDefaultsOfApplicationConf() {
    TodoSettings settings = TodoSettings.from(EddyConfig.load());
    assertThat(settings).isEqualTo(new TodoSettings(Duration.ofSeconds(2), 200, 10_000,
        16 * 1024, Duration.ZERO));
  }

  @Test
  void overridesWinOverTheFile() {
    TodoSettings settings = TodoSettings.from(ConfigFactory.parseString(
        "todo.ask-timeout = 250ms").withFallback(EddyConfig.load()));
    assertThat(settings.askTimeout()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void aBadValueNamesTheKeyAndWhatWasExpected() {
    assertThatThrownBy(() -> TodoSettings.from(ConfigFactory.parseString(
        "todo.max-title-length = 0").withFallback(EddyConfig.load())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("todo.max-title-length = 0")
        .hasMessageEndingWith("expected an integer from 1 to 100000");
  }
}
