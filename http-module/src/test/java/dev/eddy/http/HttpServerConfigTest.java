package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpServerConfigTest {

  @Test
  void readsTheDefaultsOfReferenceConf() {
    HttpServerConfig c = HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()));

    assertThat(c.maxRequestLine()).isEqualTo(8 * 1024);
    assertThat(c.maxHeaderBytes()).isEqualTo(16 * 1024);
    assertThat(c.maxHeaders()).isEqualTo(100);
    assertThat(c.maxBodySize()).isEqualTo(10L * 1024 * 1024);
    assertThat(c.headerReadTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.serverHeader()).isEqualTo("eddy");
    assertThat(c.tcp().maxConnections()).isEqualTo(65536);
    assertThat(c.tcp().idleTimeout()).isZero();
    assertThat(c.maxFormFields()).isEqualTo(1000)
        .isEqualTo(Request.Builder.DEFAULT_MAX_FORM_FIELDS); // what App.handle uses
    assertThat(c.maxFormSize()).isEqualTo(1 << 20)
        .isEqualTo(Request.Builder.DEFAULT_MAX_FORM_SIZE);
    assertThat(c.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.bodyDiscardTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.maxKeepAliveRequests()).isZero();
  }

  @Test
  void readsTheBodyTimeoutsAndTheRequestLimitAndNamesABadOne() {
    var app = ConfigFactory.parseString("eddy.http.server { body-read-timeout = 2s\n"
        + "body-discard-timeout = 500ms\nmax-keep-alive-requests = 1000 }");

    HttpServerConfig c = HttpServerConfig.from(EddyConfig.load(app));
    assertThat(c.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.bodyDiscardTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.maxKeepAliveRequests()).isEqualTo(1000);
    assertThatThrownBy(() -> HttpServerConfig.from(EddyConfig.load(
        ConfigFactory.parseString("eddy.http.server.body-read-timeout = 0s"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.http.server.body-read-timeout");
    assertThatThrownBy(() -> HttpServerConfig.from(EddyConfig.load(
        ConfigFactory.parseString("eddy.http.server.max-keep-alive-requests = -1"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.http.server.max-keep-alive-requests");
  }

  @Test
  void readsOverridesWithUnits() {
    var app = ConfigFactory.parseString("eddy.http.server { max-request-line = 1KiB\n"
        + "max-header-bytes = 2048\nmax-headers = 7\nmax-body-size = 1GiB\n"
        + "max-connections = 3 }");

    HttpServerConfig c = HttpServerConfig.from(EddyConfig.load(app));
    assertThat(c.maxRequestLine()).isEqualTo(1024);
    assertThat(c.maxHeaderBytes()).isEqualTo(2048);
    assertThat(c.maxHeaders()).isEqualTo(7);
    assertThat(c.maxBodySize()).isEqualTo(1L << 30);
    assertThat(c.tcp().maxConnections()).isEqualTo(3);
  }

  @Test
  void namesTheBadKey() {
    var app = ConfigFactory.parseString("eddy.http.server.max-headers = 0");

    assertThatThrownBy(() -> HttpServerConfig.from(EddyConfig.load(app)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.http.server.max-headers");
  }

  @Test
  void checksValuesSetInCode() {
    HttpServerConfig c = HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()));
    assertThatThrownBy(() -> c.withHeadLimits(8, 100, 1)).hasMessageContaining("maxRequestLine");
    assertThatThrownBy(() -> c.withMaxBodySize(-1)).hasMessageContaining("maxBodySize");
    assertThatThrownBy(() -> c.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("headerReadTimeout");
    assertThatThrownBy(() -> c.withBodyTimeouts(Duration.ofSeconds(1), Duration.ZERO))
        .hasMessageContaining("bodyDiscardTimeout");
    assertThatThrownBy(() -> c.withMaxKeepAliveRequests(-1))
        .hasMessageContaining("maxKeepAliveRequests");
    assertThatThrownBy(() -> c.withFormLimits(0, 1)).hasMessageContaining("maxFormFields");
    assertThatThrownBy(() -> c.withFormLimits(1, 0)).hasMessageContaining("maxFormSize");
  }

  @Test
  void readsTheFormLimits() {
    var app = ConfigFactory.parseString("eddy.http.server { max-form-fields = 5\n"
        + "max-form-size = 2KiB }");

    HttpServerConfig c = HttpServerConfig.from(EddyConfig.load(app));
    assertThat(c.maxFormFields()).isEqualTo(5);
    assertThat(c.maxFormSize()).isEqualTo(2048);
    assertThat(c.withFormLimits(7, 9).maxFormFields()).isEqualTo(7);
    assertThatThrownBy(() -> HttpServerConfig.from(EddyConfig.load(ConfigFactory.parseString(
        "eddy.http.server.max-form-fields = 0"))))
        .hasMessageContaining("eddy.http.server.max-form-fields");
  }
}
