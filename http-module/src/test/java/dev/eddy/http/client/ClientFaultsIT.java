package dev.eddy.http.client;

import static dev.eddy.http.client.ClientEddyServerIT.generated;
import static dev.eddy.http.client.ClientEddyServerIT.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.runtime.Runtime;
import dev.eddy.time.TestClock;
import dev.eddy.time.TimeoutExceededException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against a raw-socket server that misbehaves: malformed and truncated responses,
 * connections closed under the pool, servers that never answer (timeouts on a test clock).
 */
class ClientFaultsIT {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  private Runtime runtime;
  private Client client;

  @BeforeEach
  void start() {
    runtime = Runtime.builder().workers(2).build();
    client = Client.builder().runtime(runtime).build();
  }

  @AfterEach
  void stop() {
    client.close();
    runtime.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
      "SSH-2.0-OpenSSH_9.6\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
  })
  void reportsMalformedResponses(String response) throws Exception {
    try (FakeServer server = FakeServer.answering(response)) {
      assertThatThrownBy(() -> get(client.get(server.url("/")).recvString()))
          .cause().isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("malformed response from 127.0.0.1:" + server.port());
    }
  }

  @Test
  void reportsHeadersOverTheLimit() throws Exception {
    String huge = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(100_000) + "\r\n\r\n";
    try (FakeServer server = FakeServer.answering(huge)) {
      assertThatThrownBy(() -> get(client.get(server.url("/")).send()))
          .cause().isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("max-header-bytes");
    }
  }

  @Test
  void neverReturnsATruncatedBodyAsComplete() throws Exception {
    try (FakeServer byLength = FakeServer.answeringAndClosing(
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
        FakeServer byChunks = FakeServer.answeringAndClosing(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")) {
      assertThatThrownBy(() -> get(client.get(byLength.url("/")).recvString()))
          .cause().isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("90 body bytes still missing");
      assertThatThrownBy(() -> get(client.get(byChunks.url("/")).recvBytes()))
          .cause().isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("chunked body");
    }
  }

  @Test
  void readsInterimAndCloseDelimitedResponses() throws Exception {
    try (FakeServer interim = FakeServer.answering("HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + OK);
        FakeServer http10 = FakeServer.answeringAndClosing("HTTP/1.0 200 OK\r\n\r\nto the end")) {
      assertThat(get(client.get(interim.url("/")).recvString())).isEqualTo("ok");
      assertThat(get(client.get(http10.url("/")).recvString())).isEqualTo("to the end");
      assertThat(get(client.get(http10.url("/")).recvString())).isEqualTo("to the end");
      assertThat(http10.connections.get()).isEqualTo(2);
    }
  }

  @Test
  void doesNotReuseAConnectionTheServerWillClose() throws Exception {
    try (FakeServer server = FakeServer.answeringAndClosing(
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")) {
      for (int i = 0; i < 3; i++) {
        assertThat(get(client.get(server.url("/")).recvString())).isEqualTo("ok");
      }
      assertThat(server.connections.get()).isEqualTo(3);
    }
  }

  @Test
  void retriesOnceOnAFreshConnectionWhenAPooledOneWasClosed() throws Exception {
    // Answers the first request of a connection keep-alive style (no Connection: close), and
    // closes at the second without answering: the client pooled the connection, and the next
    // request on it gets the end of stream before any response byte. (A close while the
    // connection is idle is seen by its idle read, and the pool drops it before reuse.)
    java.util.Map<Integer, Integer> served = new java.util.concurrent.ConcurrentHashMap<>();
    try (FakeServer server = new FakeServer((req, s, c) -> {
          if (served.merge(c, 1, Integer::sum) > 1) {
            return false;
          }
          s.getOutputStream().write(OK.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          return true;
        })) {
      assertThat(get(client.get(server.url("/a")).recvString())).isEqualTo("ok");
      assertThat(get(client.get(server.url("/b")).recvString())).isEqualTo("ok");
      assertThat(get(client.put(server.url("/c")).body("replayable").recvString()))
          .isEqualTo("ok");
      assertThat(server.connections.get()).isEqualTo(3);

      assertThat(get(client.get(server.url("/d")).recvString())).isEqualTo("ok");
      assertThatThrownBy(() -> get(client.post(server.url("/e")).body(generated(10)).send()))
          .cause().isInstanceOf(IOException.class)
          .hasMessageContaining("pooled connection to 127.0.0.1:" + server.port());
    }
  }

  @Test
  void failsAtOnceWhenAFreshConnectionIsClosedWithoutAnAnswer() throws Exception {
    try (FakeServer server = new FakeServer((req, s, c) -> false)) {
      assertThatThrownBy(() -> get(client.get(server.url("/")).send()))
          .cause().isInstanceOf(java.io.EOFException.class)
          .hasMessageContaining("closed the connection before sending a response");
      assertThat(server.connections.get()).isEqualTo(1);
    }
  }

  @Test
  void dropsAuthorizationOnCrossOriginRedirectsOnly() throws Exception {
    try (FakeServer target = FakeServer.answering(OK);
        FakeServer origin = new FakeServer((req, s, c) -> {
          String to = req.startsWith("GET /same") ? "/final" : target.url("/final");
          String location = req.startsWith("GET /final") ? null : to;
          s.getOutputStream().write((location == null ? OK : "HTTP/1.1 302 Found\r\nLocation: "
              + location + "\r\nContent-Length: 0\r\n\r\n").getBytes());
          return true;
        })) {
      get(client.get(origin.url("/same")).header("Authorization", "Bearer s3cret").recvString());
      get(client.get(origin.url("/other")).header("Authorization", "Bearer s3cret").recvString());

      String sameOrigin = origin.requests.stream().filter(r -> r.startsWith("GET /final"))
          .findFirst().orElseThrow();
      assertThat(sameOrigin).contains("Authorization: Bearer s3cret");
      assertThat(target.requests.poll(5, TimeUnit.SECONDS)).startsWith("GET /final")
          .doesNotContain("Authorization");
    }
  }

  @Test
  void timesOutARequestOnTheTestClock() throws Exception {
    TestClock clock = new TestClock();
    try (Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client slow = Client.builder().runtime(timed)
            .timeouts(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(5)).build();
        FakeServer silent = new FakeServer((req, s, c) -> true)) {
      CompletableFuture<ClientResponse> pending = slow.get(silent.url("/slow")).send()
          .toCompletableFuture();
      assertThat(silent.requests.poll(5, TimeUnit.SECONDS)).startsWith("GET /slow");
      assertThat(pending).isNotDone();

      clock.advance(Duration.ofSeconds(5));

      assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
          .cause().isInstanceOf(TimeoutExceededException.class)
          .hasMessageContaining("GET " + silent.url("/slow"))
          .hasMessageContaining("request-timeout");
    }
  }

  @Test
  void timesOutAReadOnTheTestClock() throws Exception {
    TestClock clock = new TestClock();
    try (Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client slow = Client.builder().runtime(timed)
            .timeouts(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ZERO).build();
        FakeServer silent = new FakeServer((req, s, c) -> true)) {
      CompletableFuture<String> pending = slow.get(silent.url("/slow")).recvString()
          .toCompletableFuture();
      assertThat(silent.requests.poll(5, TimeUnit.SECONDS)).startsWith("GET /slow");

      clock.advance(Duration.ofSeconds(2));

      assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS))
          .cause().isInstanceOf(TimeoutExceededException.class)
          .hasMessageContaining("read from");
    }
  }

  @Test
  void timesOutARequestWaitingForAPooledConnection() throws Exception {
    TestClock clock = new TestClock();
    try (Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client one = Client.builder().runtime(timed).pool(1, 10, Duration.ofSeconds(30))
            .timeouts(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(3)).build();
        FakeServer silent = new FakeServer((req, s, c) -> true)) {
      CompletableFuture<ClientResponse> first = one.get(silent.url("/1")).send()
          .toCompletableFuture();
      assertThat(silent.requests.poll(5, TimeUnit.SECONDS)).startsWith("GET /1");
      CompletableFuture<ClientResponse> second = one.get(silent.url("/2")).send()
          .toCompletableFuture();

      clock.advance(Duration.ofSeconds(3));

      assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS))
          .cause().isInstanceOf(TimeoutExceededException.class).hasMessageContaining("/2");
      assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS))
          .cause().isInstanceOf(TimeoutExceededException.class);
      // The first request's connection closes at its deadline; the line may get a new one.
      assertThat(silent.connections.get()).isBetween(1, 2);
    }
  }
}
