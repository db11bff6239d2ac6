package dev.eddy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetConfigTest {

  @Test
  void referenceDefaults() {
    NetConfig c = NetConfig.from(ConfigFactory.defaultReference());
    assertThat(c.backlog()).isEqualTo(1024);
    assertThat(c.tcpNoDelay()).isTrue();
    assertThat(c.soReuseAddr()).isTrue();
    assertThat(c.receiveBufferSize()).isZero();
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.readTimeout()).isZero();
    assertThat(c.writeTimeout()).isZero();
  }

  @Test
  void badValueNamesTheKeyAndWhatIsExpected() {
    var config = ConfigFactory.parseString("eddy.net.backlog = 0")
        .withFallback(ConfigFactory.defaultReference());
    assertThatThrownBy(() -> NetConfig.from(config))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.net.backlog")
        .hasMessageContaining("from 1 to");
  }

  @Test
  void copiesChangeOneValue() {
    NetConfig c = NetConfig.from(ConfigFactory.defaultReference())
        .withReadTimeout(Duration.ofMillis(5)).withBacklog(7);
    assertThat(c.readTimeout()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.backlog()).isEqualTo(7);
    assertThatThrownBy(() -> c.withConnectTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
  }
}
