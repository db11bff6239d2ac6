package dev.eddy.http.client;

import static dev.eddy.http.client.ClientEddyServerIT.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Server;
import dev.eddy.http.middleware.Guards;
import dev.eddy.http.middleware.LogCapture;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's pool and middleware over loopback: retry and logging on the wire, idle eviction
 * (test clock), the bounded waiting line, bodies dropped mid-stream, and {@code Expect:
 * 100-continue} against a raw socket and the Eddy server.
 */
class ClientPoolIT {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  private Runtime runtime;

  @BeforeEach
  void start() {
    runtime = Runtime.builder().workers(2).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  // ---- retry and logging on the wire -----------------------------------------------------------

  @Test
  void retriesGetsOn503OnThePooledConnectionButNotPostsAndLogsEachRequestOnce()
      throws Exception {
    AtomicInteger seen = new AtomicInteger();
    try (FakeServer server = new FakeServer((req, s, c) -> {
          boolean unavailable = req.startsWith("POST") || seen.incrementAndGet() <= 2;
          s.getOutputStream().write((unavailable
              ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy" : OK)
              .getBytes(StandardCharsets.ISO_8859_1));
          return true;
        });
        Client client = Client.builder().runtime(runtime)
            .with(ClientMiddleware.logging())
            .with(ClientMiddleware.retry(3, Duration.ofMillis(1))).build();
        LogCapture logs = new LogCapture("dev.eddy.http.client.Client")) {
      assertThat(get(client.get(server.url("/flaky")).recvString())).isEqualTo("ok");
      assertThat(server.requests).hasSize(3).allSatisfy(r -> assertThat(r).startsWith("GET"));
      // A complete 503 leaves its connection in the pool: all attempts share one.
      assertThat(client.connectionsOpened("127.0.0.1:" + server.port())).isEqualTo(1);

      server.requests.clear();
      ClientResponse post = get(client.post(server.url("/submit")).body("once").send());
      assertThat(post.status()).isEqualTo(503);
      assertThat(get(post.bodyString())).isEqualTo("busy");
      assertThat(server.requests).hasSize(1);

      List<ILoggingEvent> events = logs.events();
      assertThat(events).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
          m -> assertThat(m).matches("GET " + server.url("/flaky") + " -> 200 in \\d+ us"),
          m -> assertThat(m).matches("POST " + server.url("/submit") + " -> 503 in \\d+ us"));
    }
  }

  @Test
  void logsAConnectFailureWithTheUrl() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + dead + "/gone";
    try (Client client = Client.builder().runtime(runtime).with(ClientMiddleware.logging())
        .build();
        LogCapture logs = new LogCapture("dev.eddy.http.client.Client")) {
      assertThatThrownBy(() -> get(client.get(url).send()))
          .cause().isInstanceOf(java.net.ConnectException.class);
      assertThat(logs.events()).singleElement().satisfies(e -> assertThat(
          e.getFormattedMessage()).startsWith("GET " + url + " failed after ")
          .contains(" us: java.net.ConnectException"));
    }
  }

  // ---- idle eviction ---------------------------------------------------------------------------

  @Test
  void closesConnectionsIdleForTheIdleTimeoutOnTheTestClock() throws Exception {
    TestClock clock = new TestClock();
    try (Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client client = Client.builder().runtime(timed)
            .pool(4, 16, Duration.ofSeconds(30)).build();
        FakeServer server = FakeServer.answering(OK)) {
      String origin = "127.0.0.1:" + server.port();
      assertThat(get(client.get(server.url("/1")).recvString())).isEqualTo("ok");
      assertThat(client.connectionsOpened(origin)).isEqualTo(1);

      // Each use restarts the idle time: 58 s in all, never 30 s idle at once.
      clock.advance(Duration.ofSeconds(29));
      assertThat(get(client.get(server.url("/2")).recvString())).isEqualTo("ok");
      clock.advance(Duration.ofSeconds(29));
      assertThat(get(client.get(server.url("/3")).recvString())).isEqualTo("ok");
      assertThat(client.connectionsOpened(origin)).isEqualTo(1);
      assertThat(server.connections.get()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(30));
      // The due eviction runs as a task on the (single) worker: a task queued after it from
      // this thread runs after it.
      get(timed.spawn(() -> { }));

      assertThat(get(client.get(server.url("/4")).recvString())).isEqualTo("ok");
      assertThat(client.connectionsOpened(origin)).isEqualTo(2);
      assertThat(server.connections.get()).isEqualTo(2);
      assertThat(get(client.get(server.url("/5")).recvString())).isEqualTo("ok");
      assertThat(client.connectionsOpened(origin)).isEqualTo(2);
    }
  }

  // ---- the waiting line ------------------------------------------------------------------------

  @Test
  void failsTheRequestPastTheWaitingLineAtOnceAndServesTheLineInOrder() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    try (FakeServer server = new FakeServer((req, s, c) -> {
          try {
            if (!answer.await(10, TimeUnit.SECONDS)) {
              return false;
            }
          } catch (InterruptedException e) {
            return false;
          }
          s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
              + req.substring(4, 6)).getBytes(StandardCharsets.ISO_8859_1));
          return true;
        });
        Client client = Client.builder().runtime(runtime)
            .pool(1, 2, Duration.ofSeconds(30)).build()) {
      CompletableFuture<String> first = client.get(server.url("/1")).recvString()
          .toCompletableFuture();
      assertThat(server.requests.poll(10, TimeUnit.SECONDS)).startsWith("GET /1");
      CompletableFuture<String> second = client.get(server.url("/2")).recvString()
          .toCompletableFuture();
      CompletableFuture<String> third = client.get(server.url("/3")).recvString()
          .toCompletableFuture();

      CompletableFuture<ClientResponse> fourth = client.get(server.url("/4")).send()
          .toCompletableFuture();

      assertThat(fourth).isCompletedExceptionally(); // at once, not after a wait
      assertThatThrownBy(() -> get(fourth)).cause()
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("too many requests waiting for a connection to 127.0.0.1:"
              + server.port())
          .hasMessageContaining("2 waiting, 1 open")
          .hasMessageContaining("max-waiters-per-host=2")
          .hasMessageContaining("max-connections-per-host=1");
      assertThat(first).isNotDone();
      assertThat(second).isNotDone();
      assertThat(third).isNotDone();

      answer.countDown();
      assertThat(get(first)).isEqualTo("/1");
      assertThat(get(second)).isEqualTo("/2");
      assertThat(get(third)).isEqualTo("/3");
      // The line drained: there is room again, still on the one connection.
      assertThat(get(client.get(server.url("/5")).recvString())).isEqualTo("/5");
      assertThat(client.connectionsOpened("127.0.0.1:" + server.port())).isEqualTo(1);
    }
  }

  @Test
  void withNoWaitersTheSecondConcurrentRequestFailsAtOnce() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    try (FakeServer server = new FakeServer((req, s, c) -> {
          try {
            answer.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            return false;
          }
          s.getOutputStream().write(OK.getBytes(StandardCharsets.ISO_8859_1));
          return true;
        });
        Client client = Client.builder().runtime(runtime)
            .pool(1, 0, Duration.ofSeconds(30)).build()) {
      CompletableFuture<String> first = client.get(server.url("/1")).recvString()
          .toCompletableFuture();
      CompletableFuture<ClientResponse> second = client.get(server.url("/2")).send()
          .toCompletableFuture();
      assertThat(second).isCompletedExceptionally();
      assertThatThrownBy(() -> get(second)).cause()
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("max-waiters-per-host=0");
      answer.countDown();
      assertThat(get(first)).isEqualTo("ok");
    }
  }

  // ---- bodies dropped mid-stream ---------------------------------------------------------------

  @Test
  void aBodyClosedOrCancelledMidStreamClosesItsConnectionAndFreesItsSlot() throws Exception {
    CountDownLatch serverSawClose = new CountDownLatch(2);
    try (FakeServer server = new FakeServer((req, s, c) -> {
          OutputStream out = s.getOutputStream();
          if (!req.startsWith("GET /big")) {
            out.write(OK.getBytes(StandardCharsets.ISO_8859_1));
            return true;
          }
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (1L << 30) + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          byte[] piece = new byte[64 << 10];
          try {
            for (long sent = 0; sent < 1L << 30; sent += piece.length) {
              out.write(piece); // blocks once the client stops reading
            }
          } catch (IOException closedByTheClient) {
            serverSawClose.countDown();
          }
          return false;
        });
        // One connection per host: a connection leaked by a dropped body would block the rest.
        Client client = Client.builder().runtime(runtime)
            .pool(1, 8, Duration.ofSeconds(30)).build()) {
      String origin = "127.0.0.1:" + server.port();

      ClientResponse big = get(client.get(server.url("/big")).send());
      assertThat(big.status()).isEqualTo(200);
      Optional<ByteBuffer> piece = get(big.body().read());
      assertThat(piece).isPresent();
      assertThat(piece.get().remaining()).isPositive();
      big.close();
      assertThatThrownBy(() -> get(big.body().read())).cause().isInstanceOf(IOException.class);

      assertThat(get(client.get(server.url("/small")).recvString())).isEqualTo("ok");
      assertThat(client.connectionsOpened(origin)).isEqualTo(2);

      // Dropped before reading anything (on the pooled connection of /small).
      ClientResponse dropped = get(client.get(server.url("/big")).send());
      dropped.body().cancel();
      assertThat(get(client.get(server.url("/small")).recvString())).isEqualTo("ok");
      assertThat(client.connectionsOpened(origin)).isEqualTo(3);

      assertThat(serverSawClose.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.connections.get()).isEqualTo(3);
    }
  }

  // ---- Expect: 100-continue --------------------------------------------------------------------

  @Test
  void expectContinueRefusedEarlyGetsTheFinalStatusWithoutSendingTheBody() throws Exception {
    TestClock clock = new TestClock(); // expect-continue-timeout never passes by itself
    try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client client = Client.builder().runtime(timed).build()) {
      CompletableFuture<String[]> served = serveOnce(listener, (in, out) -> {
        String head = readHead(in);
        out.write(("HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\n\r\ntoo big!")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // The client must close without sending the body: count what comes until EOF.
        long more = in.transferTo(OutputStream.nullOutputStream());
        return new String[] {head, String.valueOf(more)};
      });
      String url = "http://127.0.0.1:" + listener.getLocalPort() + "/upload";

      ClientResponse refused = get(client.post(url).body(new byte[1 << 20]).expectContinue()
          .send());

      assertThat(refused.status()).isEqualTo(413);
      assertThat(get(refused.bodyString())).isEqualTo("too big!");
      String[] seen = get(served);
      assertThat(seen[0]).contains("Expect: 100-continue").contains("Content-Length: 1048576");
      assertThat(seen[1]).isEqualTo("0");
    }
  }

  @Test
  void expectContinueSendsTheBodyAfter100Continue() throws Exception {
    TestClock clock = new TestClock();
    try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client client = Client.builder().runtime(timed).build()) {
      CompletableFuture<String[]> served = serveOnce(listener, (in, out) -> {
        String head = readHead(in);
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] body = in.readNBytes(100_000);
        String answer = body.length + ":" + (Arrays.equals(body, pattern(100_000)) ? "same" : "x");
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\n\r\n" + answer)
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return new String[] {head};
      });
      String url = "http://127.0.0.1:" + listener.getLocalPort() + "/upload";

      assertThat(get(client.put(url).body(pattern(100_000)).expectContinue().recvString()))
          .isEqualTo("100000:same");
      assertThat(get(served)[0]).contains("Expect: 100-continue");
    }
  }

  @Test
  void expectContinueAgainstTheEddyServerRefusedByGuardsAndAccepted() throws Exception {
    TestClock clock = new TestClock();
    App<Void> app = App.create();
    app.at("/limited").with(Guards.maxBodySize(1000))
        .post(req -> count(req.body()).thenApply(String::valueOf));
    app.at("/count").post(req -> count(req.body()).thenApply(String::valueOf));
    HttpServerConfig config = HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()));
    Server server = app.listen(runtime, new InetSocketAddress("127.0.0.1", 0), config)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (Runtime timed = Runtime.builder().workers(1).clock(clock).build();
        Client client = Client.builder().runtime(timed).build()) {
      String base = "http://127.0.0.1:" + server.localAddress().getPort();

      ClientResponse refused = get(client.post(base + "/limited").body(new byte[4 << 20])
          .expectContinue().send());
      assertThat(refused.status()).isEqualTo(413);
      assertThat(get(refused.bodyString())).contains("limit of 1000 bytes");

      assertThat(get(client.post(base + "/count").body(new byte[300_000]).expectContinue()
          .recvString())).isEqualTo("300000");
      assertThat(get(client.post(base + "/limited").body(new byte[500]).expectContinue()
          .recvString())).isEqualTo("500");
    } finally {
      server.shutdown(Duration.ofSeconds(2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  interface Exchange {
    String[] run(InputStream in, OutputStream out) throws IOException;
  }

  /** Accepts one connection on a thread and runs {@code exchange} on it (10 s read deadline). */
  private static CompletableFuture<String[]> serveOnce(ServerSocket listener, Exchange exchange) {
    CompletableFuture<String[]> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try (Socket s = listener.accept()) {
        s.setSoTimeout(10_000);
        done.complete(exchange.run(s.getInputStream(), s.getOutputStream()));
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }, "raw-server");
    t.setDaemon(true);
    t.start();
    return done;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      out.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return out.toString(StandardCharsets.ISO_8859_1);
      }
    }
    throw new IOException("end of stream inside the request head: " + out);
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + 7);
    }
    return b;
  }
}
