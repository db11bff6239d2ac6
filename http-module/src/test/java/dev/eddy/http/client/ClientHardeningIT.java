package dev.eddy.http.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.eddy.http.Body;
import dev.eddy.http.middleware.LogCapture;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TestClock;
import dev.eddy.time.TimeoutExceededException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against hostile or broken servers (issue 11, security review #11, #16, #17, #22
 * and the client's unbounded resources): extra bytes after a response, unsolicited bytes on an
 * idle pooled connection, a body dripped within the read timeout, endless interim responses, a
 * reset after a POST was written, redirects to where they should not go, a response dropped
 * unread, host pools that outlive their use, and waiting lines across hosts.
 */
class ClientHardeningIT {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  private static final String REAL = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nreal";
  private static final String SMUGGLED = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nSMUGGLED";

  private Runtime runtime;

  @BeforeEach
  void start() {
    runtime = Runtime.builder().workers(2).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private static List<String> messages(LogCapture log) {
    return log.events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(ISO_8859_1));
    out.flush();
  }

  /** Waits for {@code latch} in a server script, which may throw only IOException. */
  private static void await(CountDownLatch latch, String what) throws IOException {
    try {
      if (!latch.await(15, TimeUnit.SECONDS)) {
        throw new IOException("gave up waiting for " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for " + what, e);
    }
  }

  /**
   * Reads the peer's next byte within 15 s into {@code outcome}: -1 when the client closed the
   * connection; a failure when the read timed out (the client kept it open).
   */
  private static void awaitClose(Socket s, CompletableFuture<Integer> outcome) throws IOException {
    s.setSoTimeout(15_000);
    try {
      outcome.complete(s.getInputStream().read());
    } catch (IOException e) {
      outcome.completeExceptionally(e);
      throw e;
    }
  }

  // ---- #11: unread bytes never reach the next request ------------------------------------------

  @Test
  void aSecondResponseSentWithTheFirstNeverAnswersTheNextRequest() throws Exception {
    try (FakeServer server = new FakeServer((req, s, c) -> {
          write(s, req.startsWith("GET /first") ? OK + SMUGGLED : REAL);
          return true;
        });
        Client client = Client.builder().runtime(runtime).build();
        LogCapture connections = new LogCapture("dev.eddy.http.client.internal.Connection");
        LogCapture pools = new LogCapture("dev.eddy.http.client.internal.HostPool")) {
      assertThat(get(client.get(server.url("/first")).recvString())).isEqualTo("ok");
      assertThat(get(client.get(server.url("/second")).recvString())).isEqualTo("real");
      assertThat(server.connections.get()).isEqualTo(2);
      // Caught after the first response or, if they came apart, on the idle connection.
      List<String> warnings = new java.util.ArrayList<>(messages(connections));
      warnings.addAll(messages(pools));
      assertThat(warnings).hasSize(1).first().asString()
          .containsAnyOf("bytes after the end of its response", "Unsolicited response bytes");
    }
  }

  /** {@code count} requests one after the other, each checked against its own path. */
  private static CompletableFuture<Void> lane(Client client, FakeServer server, int lane,
      int at, int count) {
    if (at == count) {
      return CompletableFuture.completedFuture(null);
    }
    String path = "/" + lane + "/" + at;
    return client.get(server.url(path)).recvString().toCompletableFuture().thenCompose(body -> {
      assertThat(body).as("the answer to " + path).isEqualTo(path);
      return lane(client, server, lane, at + 1, count);
    });
  }

  @Test
  void stressManyRequestsOverFewPooledConnectionsEachGetTheirOwnAnswer() throws Exception {
    // Connections go idle (a read armed) and are taken over by the next exchange all the time.
    try (FakeServer server = new FakeServer((req, s, c) -> {
          String path = req.substring(4, req.indexOf(' ', 4));
          write(s, "HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n" + path);
          return true;
        });
        Client client = Client.builder().runtime(runtime).pool(4, 64, Duration.ofSeconds(30))
            .build()) {
      CompletableFuture<?>[] lanes = new CompletableFuture<?>[16];
      for (int i = 0; i < lanes.length; i++) {
        lanes[i] = lane(client, server, i, 0, 200);
      }
      CompletableFuture.allOf(lanes).get(60, TimeUnit.SECONDS);

      assertThat(server.connections.get()).as("connections opened").isLessThanOrEqualTo(4);
    }
  }

  @Test
  void aByteArrivingOnAnIdlePooledConnectionDiscardsIt() throws Exception {
    CountDownLatch pooled = new CountDownLatch(1);
    CompletableFuture<Integer> afterUnsolicited = new CompletableFuture<>();
    try (FakeServer server = new FakeServer((req, s, c) -> {
          if (c > 1) {
            write(s, REAL);
            return true;
          }
          write(s, OK);
          await(pooled, "the first response to be read");
          write(s, SMUGGLED);
          awaitClose(s, afterUnsolicited);
          return false;
        });
        Client client = Client.builder().runtime(runtime).build();
        LogCapture log = new LogCapture("dev.eddy.http.client.internal.HostPool")) {
      assertThat(get(client.get(server.url("/first")).recvString())).isEqualTo("ok");
      pooled.countDown(); // the body came whole with the head: the connection is in the pool

      assertThat(afterUnsolicited.get(20, TimeUnit.SECONDS))
          .as("the client closes an idle connection that receives bytes").isEqualTo(-1);
      assertThat(messages(log)).containsExactly("Unsolicited response bytes from 127.0.0.1:"
          + server.port() + " on an idle connection; closing it");
      assertThat(get(client.get(server.url("/second")).recvString())).isEqualTo("real");
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  // ---- #16: a deadline for the whole call; interim responses are capped -------------------------

  private static String text(Optional<ByteBuffer> piece) {
    ByteBuffer b = piece.orElseThrow();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return new String(bytes, ISO_8859_1);
  }

  @Test
  void aBodyDrippedWithinTheReadTimeoutFailsAtTheCallTimeout() throws Exception {
    TestClock clock = new TestClock();
    CountDownLatch more = new CountDownLatch(1);
    try (Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client client = Client.builder().runtime(timed)
            .timeouts(Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ZERO)
            .callTimeout(Duration.ofSeconds(5)).build();
        FakeServer server = new FakeServer((req, s, c) -> {
          write(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\na");
          await(more, "the test to ask for the next byte");
          write(s, "b");
          return true; // and nothing more
        })) {
      Body body = get(client.get(server.url("/drip")).send()).body();
      assertThat(text(get(body.read()))).isEqualTo("a");

      CompletableFuture<Optional<ByteBuffer>> second = body.read().toCompletableFuture();
      clock.advance(Duration.ofSeconds(3)); // less than the read timeout
      more.countDown();
      assertThat(text(get(second))).isEqualTo("b");

      CompletableFuture<Optional<ByteBuffer>> third = body.read().toCompletableFuture();
      clock.advance(Duration.ofSeconds(2)); // 5 s since send(), 2 s into this read

      assertThatThrownBy(() -> third.get(15, TimeUnit.SECONDS))
          .cause().isInstanceOf(TimeoutExceededException.class)
          .hasMessage("GET " + server.url("/drip") + " (call-timeout) timed out after PT5S");
    }
  }

  @Test
  void endlessInterimResponsesFailAtTheCap() throws Exception {
    try (FakeServer server = new FakeServer((req, s, c) -> {
          StringBuilder heads = new StringBuilder();
          for (int i = 0; i < 1000; i++) {
            heads.append("HTTP/1.1 103 Early Hints\r\nLink: </").append(i).append(">\r\n\r\n");
          }
          write(s, heads + OK);
          return true;
        });
        Client client = Client.builder().runtime(runtime)
            .timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ZERO).build()) {
      assertThatThrownBy(() -> get(client.get(server.url("/hints")).recvString()))
          .cause().isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("interim (1xx) responses")
          .hasMessageContaining("max-interim-responses = 5");
    }
  }

  // ---- #17: no automatic resend of a POST that was written -------------------------------------

  /** A server that answers GETs keep-alive and resets the connection after reading a POST. */
  private static FakeServer resettingPosts(AtomicInteger posts) throws IOException {
    return new FakeServer((req, s, c) -> {
      if (req.startsWith("POST")) {
        posts.incrementAndGet();
        s.setSoLinger(true, 0);
        s.close(); // a reset, after the whole request was read
        return false;
      }
      write(s, OK);
      return true;
    });
  }

  @Test
  void aPostResetAfterItWasWrittenIsNotResent() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    try (FakeServer server = resettingPosts(posts);
        Client client = Client.builder().runtime(runtime).build()) {
      assertThat(get(client.get(server.url("/warm")).recvString())).isEqualTo("ok");

      assertThatThrownBy(() -> get(client.post(server.url("/order")).body("one pizza")
          .recvString())).cause().isInstanceOf(IOException.class)
          .hasMessageContaining("pooled connection to 127.0.0.1:" + server.port());
      assertThat(posts.get()).as("POSTs the server received").isEqualTo(1);
      assertThat(server.connections.get()).isEqualTo(1);
    }
  }

  @Test
  void aPostWithAnIdempotencyKeyIsResentOnceOnAFreshConnection() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    try (FakeServer server = resettingPosts(posts);
        Client client = Client.builder().runtime(runtime).build()) {
      assertThat(get(client.get(server.url("/warm")).recvString())).isEqualTo("ok");

      assertThatThrownBy(() -> get(client.post(server.url("/order")).body("one pizza")
          .header("Idempotency-Key", "8e03978e").recvString()))
          .cause().isInstanceOf(IOException.class);
      assertThat(posts.get()).as("POSTs the server received").isEqualTo(2);
      assertThat(server.connections.get()).isEqualTo(2);
    }
  }

  // ---- #18: a redirect policy may refuse a hop -------------------------------------------------

  @Test
  void aRedirectPolicyRefusesAHopAndTheRedirectIsReturned() throws Exception {
    List<URI> asked = new CopyOnWriteArrayList<>();
    try (FakeServer internal = FakeServer.answering(OK);
        FakeServer origin = FakeServer.answering("HTTP/1.1 302 Found\r\nLocation: "
            + internal.url("/metadata") + "\r\nContent-Length: 0\r\n\r\n");
        Client client = Client.builder().runtime(runtime).redirectPolicy((next, response) -> {
          asked.add(next);
          return next.getPort() != internal.port();
        }).build();
        Client strict = Client.builder().runtime(runtime).redirectPolicy((next, response) -> {
          throw new SecurityException("no redirects to " + next);
        }).build()) {
      ClientResponse refused = get(client.get(origin.url("/start")).send());
      refused.close();

      assertThat(refused.status()).isEqualTo(302);
      assertThat(refused.uri()).isEqualTo(URI.create(origin.url("/start")));
      assertThat(asked).containsExactly(URI.create(internal.url("/metadata")));
      assertThatThrownBy(() -> get(strict.get(origin.url("/start")).send()))
          .cause().isInstanceOf(SecurityException.class).hasMessageContaining("/metadata");
      assertThat(internal.connections.get()).isZero();
    }
  }

  // ---- #22: a response dropped unread gives its connection back --------------------------------

  /** Sends a request and drops its response without reading or closing it. */
  private static void sendAndDrop(Client client, String url) throws Exception {
    ClientResponse dropped = get(client.get(url).send());
    assertThat(dropped.status()).isEqualTo(200);
  }

  @Test
  void anUnreadUnclosedResponseGivesBackItsConnectionOnceUnreachable() throws Exception {
    CompletableFuture<Integer> firstClosed = new CompletableFuture<>();
    try (FakeServer server = new FakeServer((req, s, c) -> {
          if (c > 1) {
            write(s, OK);
            return true;
          }
          write(s, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nonly ten b");
          awaitClose(s, firstClosed);
          return false;
        });
        Client client = Client.builder().runtime(runtime).pool(1, 10, Duration.ofSeconds(30))
            .build();
        LogCapture log = new LogCapture("dev.eddy.http.client.internal.ResponseBody")) {
      sendAndDrop(client, server.url("/big"));

      // Bounded: at most 100 collections, 100 ms apart at most each.
      for (int i = 0; i < 100 && !firstClosed.isDone(); i++) {
        System.gc();
        firstClosed.copy().completeOnTimeout(0, 100, TimeUnit.MILLISECONDS).join();
      }
      assertThat(firstClosed).as("the dropped response's connection is closed").isDone();
      assertThat(firstClosed.get()).isEqualTo(-1);
      // (Responses other tests dropped may be cleaned by the same collections.)
      assertThat(messages(log)).filteredOn(m -> m.contains("127.0.0.1:" + server.port() + " "))
          .singleElement().asString().startsWith("A response from 127.0.0.1:" + server.port()
              + " was neither read to its end nor closed");
      // The one slot of the pool is free again.
      assertThat(get(client.get(server.url("/next")).recvString())).isEqualTo("ok");
    }
  }

  // ---- unbounded resources: host pools ---------------------------------------------------------

  @Test
  void aHostPoolIsDroppedOnceIdleAndEmpty() throws Exception {
    TestClock clock = new TestClock();
    try (Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client client = Client.builder().runtime(timed)
            .pool(4, 16, Duration.ofSeconds(30)).build();
        FakeServer server = FakeServer.answering(OK)) {
      String origin = "127.0.0.1:" + server.port();
      assertThat(get(client.get(server.url("/1")).recvString())).isEqualTo("ok");
      assertThat(client.connectionsOpened(origin)).isEqualTo(1);

      clock.advance(Duration.ofSeconds(30)); // the idle connection is closed
      get(timed.spawn(() -> { })); // (the due timer tasks ran before this one, on one worker)
      clock.advance(Duration.ofSeconds(30)); // the empty pool is dropped
      get(timed.spawn(() -> { }));

      assertThat(client.connectionsOpened(origin)).as("connections of a dropped pool").isZero();
      assertThat(get(client.get(server.url("/2")).recvString())).isEqualTo("ok");
      assertThat(client.connectionsOpened(origin)).isEqualTo(1);
    }
  }

  @Test
  void theWaitingLinesOfAllHostsShareOneBound() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    FakeServer.Script slow = (req, s, c) -> {
      await(answer, "the test to let the server answer");
      write(s, OK);
      return true;
    };
    try (FakeServer a = new FakeServer(slow);
        FakeServer b = new FakeServer(slow);
        Client client = Client.builder().runtime(runtime).config(ClientConfig.load()
            .withPool(1, 10, Duration.ofSeconds(30)).withMaxWaiters(1)).build()) {
      // Each acquisition happens in send(), in call order.
      CompletionStage<String> busyA = client.get(a.url("/1")).recvString();
      CompletionStage<String> waitingA = client.get(a.url("/2")).recvString();
      CompletionStage<String> busyB = client.get(b.url("/1")).recvString();
      CompletionStage<String> refusedB = client.get(b.url("/2")).recvString();

      assertThatThrownBy(() -> get(refusedB)).cause()
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("127.0.0.1:" + b.port())
          .hasMessageContaining("max-waiters=1");
      answer.countDown();
      assertThat(get(busyA)).isEqualTo("ok");
      assertThat(get(waitingA)).isEqualTo("ok");
      assertThat(get(busyB)).isEqualTo("ok");
      assertThat(get(client.get(b.url("/3")).recvString())).isEqualTo("ok");
    }
  }
}
