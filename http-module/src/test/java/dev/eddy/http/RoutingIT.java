package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The automatic OPTIONS answer and a typed parameter's 400 over a real connection: framed so the
 * connection stays usable, and nothing but the message on the wire.
 */
class RoutingIT {

  private ItServer it;

  @BeforeEach
  void start() throws Exception {
    App<Void> app = App.create();
    app.at("/items/:id").get(req -> "item " + req.paramLong("id")).delete(req -> null);
    it = new ItServer(app, ItServer.config(c -> c));
  }

  @AfterEach
  void stop() {
    it.close();
  }

  @Test
  void optionsIs204WithAllowAndTheConnectionStaysUsable() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("OPTIONS /items/7 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawClient.Reply options = c.read();
      assertThat(options.status()).as(options.statusLine()).isEqualTo(204);
      assertThat(options.header("Allow")).isEqualTo("DELETE, GET, HEAD, OPTIONS");
      assertThat(options.body()).isEmpty();

      c.send("GET /items/abc HTTP/1.1\r\nHost: x\r\n\r\n");
      RawClient.Reply bad = c.read();
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.text())
          .isEqualTo("path parameter 'id' = 'abc': expected an integer such as 42");

      c.send("GET /items/8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("item 8");
    }
  }
}
