package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection reuse and closing over loopback: keep-alive, close, HTTP/1.0, idle timeout. */
class HttpKeepAliveIT {

  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private ItServer it;

  @BeforeEach
  void start() throws Exception {
    App<Void> app = App.create();
    app.at("/n/:i").get(req -> {
      clientPorts.add(req.remoteAddress().getPort());
      return "n" + req.param("i");
    });
    app.at("/inject").get(req -> Response.text("x").header("X-Note", "a\r\nX-Evil: 1"));
    it = new ItServer(app, ItServer.config(c -> c.withTimeouts(Duration.ofSeconds(5),
        Duration.ofMillis(300))));
  }

  @AfterEach
  void stop() {
    it.close();
  }

  @Test
  void servesManyRequestsOnOneConnection() throws Exception {
    try (RawClient c = it.connect()) {
      for (int i = 0; i < 50; i++) {
        c.send("GET /n/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
        RawClient.Reply r = c.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("n" + i);
        assertThat(r.header("Connection")).isNull();
      }
    }
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void closesAfterAResponseToConnectionClose() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("GET /n/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RawClient.Reply r = c.read();
      assertThat(r.text()).isEqualTo("n1");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void closesAnHttp10ConnectionWithoutKeepAlive() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("GET /n/1 HTTP/1.0\r\n\r\n");
      RawClient.Reply r = c.read();
      assertThat(r.statusLine()).startsWith("HTTP/1.1 200");
      assertThat(r.text()).isEqualTo("n1");
      assertThat(r.header("Connection")).isNotEqualTo("keep-alive");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void keepsAnHttp10ConnectionThatAsksForKeepAlive() throws Exception {
    try (RawClient c = it.connect()) {
      for (int i = 0; i < 3; i++) {
        c.send("GET /n/" + i + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawClient.Reply r = c.read();
        assertThat(r.text()).isEqualTo("n" + i);
        assertThat(r.header("Connection")).isEqualToIgnoringCase("keep-alive");
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().length));
      }
    }
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void closesAConnectionLeftIdlePastTheIdleTimeout() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("GET /n/1 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("n1");
      // idle-timeout is 300 ms; the read deadline (10 s) bounds the wait for the close.
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void answersOneHundredPipelinedRequestsInOrder() throws Exception {
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      batch.append("GET /n/").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    try (RawClient c = it.connect()) {
      c.send(batch.toString());
      for (int i = 0; i < 100; i++) {
        assertThat(c.read().text()).isEqualTo("n" + i);
      }
      c.send("GET /n/last HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("nlast");
    }
  }

  @Test
  void aCrLfInAResponseHeaderBecomesA500NotASplitResponse() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("GET /inject HTTP/1.1\r\nHost: x\r\n\r\nGET /n/2 HTTP/1.1\r\nHost: x\r\n\r\n");
      RawClient.Reply r = c.read();
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.headers()).doesNotContainKeys("x-evil", "x-note");
      assertThat(r.text()).isEqualTo("Internal Server Error");
      // The next response is the next request's, not a smuggled one.
      assertThat(c.read().text()).isEqualTo("n2");
    }
  }
}
