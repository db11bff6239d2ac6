package dev.eddy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The deadlines and queue limits of {@code eddy.net.server}: defaults, bounds, copies. */
class ServerConfigTest {

  @Test
  void referenceDefaultsOfTheDeadlines() {
    ServerConfig c = ServerConfig.from(ConfigFactory.defaultReference());
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.lingerTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.lingerMaxBytes()).isEqualTo(64L << 20);
    assertThat(c.maxQueuedActions()).isEqualTo(65536);
  }

  @Test
  void aNegativeDeadlineNamesTheKey() {
    var config = ConfigFactory.parseString("eddy.net.server.close-timeout = -1s")
        .withFallback(ConfigFactory.defaultReference());
    assertThatThrownBy(() -> ServerConfig.from(config))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.net.server.close-timeout");
  }

  @Test
  void copiesChangeOneValueAndCheckIt() {
    ServerConfig c = ServerConfig.from(ConfigFactory.defaultReference())
        .withWriteTimeout(Duration.ofSeconds(5)).withCloseTimeout(Duration.ZERO)
        .withLinger(Duration.ofSeconds(1), 1024).withMaxQueuedActions(10);
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.closeTimeout()).isZero();
    assertThat(c.lingerTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.lingerMaxBytes()).isEqualTo(1024);
    assertThat(c.maxQueuedActions()).isEqualTo(10);
    assertThatThrownBy(() -> c.withMaxQueuedActions(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxQueuedActions");
    assertThatThrownBy(() -> c.withWriteTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writeTimeout");
  }
}
