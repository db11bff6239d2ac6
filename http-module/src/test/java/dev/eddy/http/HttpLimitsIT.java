package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits and refusals over the wire, with small limits: 414, 431, 413 (declared and chunked),
 * 505, 501, 405, and a client trickling its head (slowloris).
 */
class HttpLimitsIT {

  private static final int MAX_LINE = 256;
  private static final int MAX_HEADER_BYTES = 1024;
  private static final int MAX_HEADERS = 10;
  private static final int MAX_BODY = 1024;

  private final AtomicInteger calls = new AtomicInteger();
  private ItServer it;

  @BeforeEach
  void start() throws Exception {
    App<Void> app = App.create();
    app.at("/echo").post(req -> {
      calls.incrementAndGet();
      return req.bodyBytes().thenApply(b -> "got " + b.length);
    });
    app.at("/thing").get(req -> "thing").put(req -> "put");
    it = new ItServer(app, ItServer.config(c -> c
        .withHeadLimits(MAX_LINE, MAX_HEADER_BYTES, MAX_HEADERS)
        .withMaxBodySize(MAX_BODY)
        .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30))));
  }

  @AfterEach
  void stop() {
    it.close();
  }

  /** Sends {@code request}; expects {@code status} and the connection closed after it. */
  private RawClient.Reply refusedAndClosed(String request, int status) throws Exception {
    try (RawClient c = it.connect()) {
      c.send(request);
      RawClient.Reply r = c.read();
      assertThat(r.status()).as(r.statusLine()).isEqualTo(status);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
      return r;
    }
  }

  @Test
  void aRequestLineOverTheLimitGets414() throws Exception {
    refusedAndClosed("GET /" + "a".repeat(MAX_LINE) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
  }

  @Test
  void tooManyHeaderFieldsGet431() throws Exception {
    StringBuilder head = new StringBuilder("GET /thing HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < MAX_HEADERS; i++) {
      head.append("X-F").append(i).append(": v\r\n");
    }
    refusedAndClosed(head.append("\r\n").toString(), 431);
  }

  @Test
  void aHeaderSectionOverTheByteLimitGets431() throws Exception {
    refusedAndClosed("GET /thing HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(MAX_HEADER_BYTES)
        + "\r\n\r\n", 431);
  }

  @Test
  void aDeclaredBodyOverTheLimitGets413BeforeTheHandler() throws Exception {
    refusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MAX_BODY + 1)
        + "\r\n\r\n", 413);
    assertThat(calls).hasValue(0);
  }

  @Test
  void aChunkedBodyGoingOverTheLimitGets413() throws Exception {
    String chunk = Integer.toHexString(600) + "\r\n" + "b".repeat(600) + "\r\n";
    RawClient.Reply r = refusedAndClosed("POST /echo HTTP/1.1\r\nHost: x\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n", 413);
    assertThat(r.text()).doesNotStartWith("got");
  }

  @Test
  void anUnsupportedVersionGets505() throws Exception {
    refusedAndClosed("GET /thing HTTP/2.0\r\nHost: x\r\n\r\n", 505);
  }

  @Test
  void anUnknownMethodGets501AndAKnownButUnservedOne405WithAllow() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("BREW /thing HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(501);
      c.send("DELETE /thing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      RawClient.Reply r = c.read();
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, PUT");
    }
  }

  @Test
  void aHeadTrickledSteadilyIsCutOffWith408() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("GET /thing HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      // One byte every 20 ms: always some progress, never a complete head (the byte limit would
      // take 20 s to reach). The header-read timeout (300 ms) counts from the head's first byte.
      // A scheduler paces the bytes; it stops on the first failed send (the server hung up).
      ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
      pacer.scheduleAtFixedRate(() -> {
        try {
          c.send("a");
        } catch (Exception e) {
          throw new IllegalStateException("the server closed the connection", e);
        }
      }, 0, 20, TimeUnit.MILLISECONDS);
      RawClient.Reply r = c.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.closedByServer()).isTrue();
      pacer.shutdownNow();
      assertThat(pacer.awaitTermination(RawClient.READ_DEADLINE_MS, TimeUnit.MILLISECONDS))
          .isTrue();
    }
  }
}
