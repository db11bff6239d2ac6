package dev.eddy.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client's settings: defaults from reference.conf, validation, copies. */
class ClientConfigTest {

  @Test
  void readsTheDefaults() {
    ClientConfig c = ClientConfig.from(EddyConfig.load(ConfigFactory.empty()));

    assertThat(c.maxStatusLine()).isEqualTo(8 * 1024);
    assertThat(c.maxBodySize()).isEqualTo(64L << 20);
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.maxConnectionsPerHost()).isEqualTo(64);
    assertThat(c.maxRedirects()).isEqualTo(5);
    assertThat(c.userAgent()).isEqualTo("eddy");
    assertThat(c.callTimeout()).isZero();
    assertThat(c.maxInterimResponses()).isEqualTo(5);
    assertThat(c.maxWaiters()).isEqualTo(16384);
  }

  @Test
  void namesABadKey() {
    assertThatThrownBy(() -> ClientConfig.from(EddyConfig.load(ConfigFactory.parseString(
        "eddy.http.client.max-redirects = -1"))))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("max-redirects");
  }

  @Test
  void refusesBadValuesSetInCode() {
    ClientConfig c = ClientConfig.load();

    assertThatThrownBy(() -> c.withPool(0, 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnectionsPerHost = 0: expected at least 1");
    assertThat(c.withMaxRedirects(0).maxRedirects()).isZero();
    assertThatThrownBy(() -> c.withCallTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callTimeout = PT-1S: expected zero (none) or positive");
    assertThatThrownBy(() -> c.withMaxInterimResponses(1001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxInterimResponses = 1001: expected 0 to 1000");
    assertThat(c.withMaxWaiters(0).maxWaiters()).isZero();
    assertThat(c.withCallTimeout(Duration.ofSeconds(3)).callTimeout())
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(c.withTimeouts(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO).readTimeout())
        .isZero();
  }
}
