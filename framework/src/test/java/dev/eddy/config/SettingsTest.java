package dev.eddy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration DAY = Duration.ofDays(1);

  private static Settings settings(String hocon) {
    return new Settings(ConfigFactory.parseString(hocon), "app");
  }

  /** Trial B5: {@code idle-timeout = 30} was silently 30 ms. */
  @Test
  void aDurationWithoutAUnitIsRefusedWithAnExample() {
    assertThatThrownBy(() -> settings("app.idle-timeout = 30").durationBetween("idle-timeout",
        MS, DAY))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll("app.idle-timeout = 30", "with a unit", "30s", "250ms");
    // as an environment variable or system property gives it: a string of digits
    assertThatThrownBy(() -> settings("app.t = \"1.5\"").durationBetween("t", MS, DAY))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContainingAll("app.t = \"1.5\"", "1.5s");
  }

  @Test
  void aBareZeroIsTheSameInEveryUnitAndAccepted() {
    assertThat(settings("app.t = 0").durationBetween("t", Duration.ZERO, DAY))
        .isEqualTo(Duration.ZERO);
    assertThat(settings("app.t = 250ms").durationBetween("t", MS, DAY))
        .isEqualTo(Duration.ofMillis(250));
  }

  /** Trial F4: the range read "from PT0.01S to PT1M". */
  @Test
  void durationRangesReadInHoconUnits() {
    assertThatThrownBy(() -> settings("app.t = 2h").durationBetween("t", Duration.ofMillis(10),
        Duration.ofMinutes(1)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("a duration from 10ms to 1m")
        .hasMessageNotContaining("PT");
  }

  @Test
  void durationsFormatInTheLargestUnitThatIsExact() {
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofMillis(10))).isEqualTo("10ms");
    assertThat(Durations.format(Duration.ofMillis(200))).isEqualTo("200ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(1))).isEqualTo("1m");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Durations.format(Duration.ofDays(365))).isEqualTo("365d");
    assertThat(Durations.format(Duration.ofNanos(100_000))).isEqualTo("100us");
    assertThat(Durations.format(Duration.ofNanos(1_000_001))).isEqualTo("1000001ns");
    assertThat(Durations.format(Duration.ofMillis(-250))).isEqualTo("-250ms");
    // what it prints, HOCON reads back
    for (Duration d : new Duration[] {Duration.ofMillis(1500), Duration.ofNanos(100_000),
        Duration.ofDays(3), Duration.ofSeconds(61)}) {
      assertThat(ConfigFactory.parseString("t = " + Durations.format(d)).getDuration("t"))
          .isEqualTo(d);
    }
  }
}
