package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code max-keep-alive-requests}: the last request a connection may serve closes it. */
class HttpMaxKeepAliveRequestsIT {

  private final AtomicInteger started = new AtomicInteger();
  private ItServer it;

  @BeforeEach
  void start() throws Exception {
    App<Void> app = App.create();
    app.at("/n/:i").get(req -> {
      started.incrementAndGet();
      return "n" + req.param("i");
    });
    app.at("/echo").post(req -> req.bodyString());
    it = new ItServer(app, ItServer.config(c -> c.withMaxKeepAliveRequests(3)));
  }

  @AfterEach
  void stop() {
    it.close();
  }

  @Test
  void theLastRequestAllowedIsAnsweredWithCloseAndTheConnectionCloses() throws Exception {
    try (RawClient c = it.connect()) {
      for (int i = 1; i <= 2; i++) {
        c.send("GET /n/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
        RawClient.Reply r = c.read();
        assertThat(r.text()).isEqualTo("n" + i);
        assertThat(r.header("Connection")).isNull();
      }
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
      c.send("hello");
      RawClient.Reply last = c.read();
      assertThat(last.text()).as("the body of the last request is still read").isEqualTo("hello");
      assertThat(last.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedRequestsPastTheLimitAreNotStarted() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("GET /n/1 HTTP/1.1\r\nHost: x\r\n\r\n".repeat(5));
      for (int i = 0; i < 3; i++) {
        assertThat(c.read().text()).isEqualTo("n1");
      }
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(started).hasValue(3);
  }
}
