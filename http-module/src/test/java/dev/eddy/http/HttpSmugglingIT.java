package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request smuggling attempts over a socket: each ambiguous request gets a 400, the connection
 * closes, and the request hidden behind it never reaches a handler.
 */
class HttpSmugglingIT {

  /** What a smuggler hides after the ambiguous request, in the same write. */
  private static final String SMUGGLED = "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n";

  private final AtomicInteger handled = new AtomicInteger();
  private ItServer it;

  @BeforeEach
  void start() throws Exception {
    App<Void> app = App.create();
    app.at("/*").all(req -> {
      handled.incrementAndGet();
      return req.bodyString();
    });
    it = new ItServer(app, ItServer.config(c -> c));
  }

  @AfterEach
  void stop() {
    it.close();
  }

  private void refused(String attack) throws Exception {
    try (RawClient c = it.connect()) {
      c.send(attack + SMUGGLED);
      RawClient.Reply r = c.read();
      assertThat(r.status()).as(r.statusLine() + " " + r.text()).isEqualTo(400);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(handled).as("requests that reached the app").hasValue(0);
  }

  @Test
  void contentLengthWithTransferEncoding() throws Exception {
    refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  }

  @Test
  void chunkedThatIsNotTheFinalCoding() throws Exception {
    refused("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n"
        + "0\r\n\r\n");
  }

  @Test
  void duplicateContentLengthsThatDiffer() throws Exception {
    refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n");
  }

  @Test
  void obsFoldedHeader() throws Exception {
    refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\r\n  Transfer-Encoding: chunked\r\n\r\n");
  }

  @Test
  void aBareLfInsideAHeaderValue() throws Exception {
    refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: one\rTransfer-Encoding: chunked\r\n\r\n");
  }

  @Test
  void aValidRequestOnTheSameServerStillWorks() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok");
      assertThat(c.read().text()).isEqualTo("ok");
    }
    assertThat(handled).hasValue(1);
  }
}
