package dev.eddy.testkit;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.Settings;
import java.time.Duration;

/**
 * The test kit's settings, from {@code eddy.testkit} (see the test kit's {@code reference.conf}).
 *
 * @param defaultTimeout how long waits without an explicit duration last
 * @param noMessageTimeout how long {@link TestProbe#expectNoMessage()} listens
 */
public record TestKitSettings(Duration defaultTimeout, Duration noMessageTimeout) {

  /** The settings of this process. */
  public static TestKitSettings load() {
    return from(EddyConfig.load());
  }

  /**
   * Reads and validates {@code eddy.testkit} from {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key
   */
  public static TestKitSettings from(Config config) {
    Settings s = new Settings(config, "eddy.testkit");
    return new TestKitSettings(
        s.durationBetween("default-timeout", Duration.ofMillis(1), Duration.ofHours(1)),
        s.durationBetween("no-message-timeout", Duration.ZERO, Duration.ofHours(1)));
  }
}
