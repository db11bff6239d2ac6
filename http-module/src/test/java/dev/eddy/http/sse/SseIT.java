package dev.eddy.http.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Server;
import dev.eddy.http.Sse;
import dev.eddy.runtime.Runtime;
import dev.eddy.sync.ChannelClosedException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-sent events over loopback: framing, order, a client going away, a slow client. */
class SseIT {

  private static final int EVENTS = 200;
  /** Events of the slow-client test: big, so that socket buffers fill after a few MiB. */
  private static final String BIG = "x".repeat(8 * 1024);
  /** What the server may hold for a client that reads nothing: socket buffers and a bit more. */
  private static final long BOUND = 64L * 1024 * 1024;

  private Runtime runtime;
  private Server server;
  private final CompletableFuture<Sse> opened = new CompletableFuture<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicBoolean waiting = new AtomicBoolean();
  private final CompletableFuture<Throwable> producerFailed = new CompletableFuture<>();

  @BeforeEach
  void start() throws Exception {
    runtime = Runtime.builder().workers(2).build();
    App<Void> app = App.create();
    app.at("/count").sse((req, sse) -> runtime.spawnAsync(() -> count(sse, 0)));
    app.at("/hold").sse((req, sse) -> {
      sse.send("hello");
      opened.complete(sse);
    });
    app.at("/flood").sse((req, sse) -> {
      opened.complete(sse);
      runtime.spawn(() -> flood(sse));
    }, 4);
    HttpServerConfig config = HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()));
    server = app.listen(runtime, new InetSocketAddress("127.0.0.1", 0), config)
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    server.close();
    runtime.close();
  }

  /** Sends events 0..EVENTS-1, every tenth with two data lines, each after the last got in. */
  private static java.util.concurrent.CompletionStage<Void> count(Sse sse, int i) {
    if (i == EVENTS) {
      sse.close();
      return CompletableFuture.completedStage(null);
    }
    String data = i % 10 == 0 ? "line " + i + "\nsecond " + i : "n" + i;
    return sse.send(String.valueOf(i), "count", data).thenCompose(v -> count(sse, i + 1));
  }

  /** Sends big events as long as they get in; notes when one has to wait, and failures. */
  private void flood(Sse sse) {
    while (accepted.get() * BIG.length() < BOUND) {
      CompletableFuture<Void> sent = sse.send(BIG).toCompletableFuture();
      if (!sent.isDone()) {
        waiting.set(true);
        sent.whenComplete((v, failure) -> {
          waiting.set(false);
          if (failure != null) {
            producerFailed.complete(failure);
          } else {
            accepted.incrementAndGet();
            flood(sse);
          }
        });
        return;
      }
      if (sent.isCompletedExceptionally()) {
        sent.whenComplete((v, failure) -> producerFailed.complete(failure));
        return;
      }
      accepted.incrementAndGet();
    }
  }

  private Socket request(String path) throws Exception {
    Socket s = new Socket("127.0.0.1", server.localAddress().getPort());
    s.setSoTimeout(10_000);
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream"
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return s;
  }

  @Test
  void eventsArriveInOrderWithTheirFraming() throws Exception {
    try (Socket s = request("/count")) {
      InputStream in = s.getInputStream();
      Map<String, String> head = readHead(in);
      assertThat(head.get(":status")).isEqualTo("HTTP/1.1 200 OK");
      assertThat(head.get("content-type")).isEqualTo("text/event-stream");
      assertThat(head.get("cache-control")).isEqualTo("no-cache");
      assertThat(head.get("transfer-encoding")).isEqualTo("chunked");
      String stream = readChunked(in);
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < EVENTS; i++) {
        expected.append("id: ").append(i).append("\nevent: count\n");
        expected.append(i % 10 == 0 ? "data: line " + i + "\ndata: second " + i : "data: n" + i);
        expected.append("\n\n");
      }
      assertThat(stream).isEqualTo(expected.toString());
    }
  }

  @Test
  void theJdkClientReadsTheEventsLineByLine() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<java.util.stream.Stream<String>> r = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.localAddress().getPort()
            + "/count")).header("Last-Event-ID", "3").build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> data;
    try (java.util.stream.Stream<String> lines = r.body()) {
      data = lines.filter(l -> l.startsWith("data: ")).map(l -> l.substring(6))
          .collect(Collectors.toList());
    }
    assertThat(data).hasSize(EVENTS + EVENTS / 10);
    assertThat(data.subList(0, 4)).containsExactly("line 0", "second 0", "n1", "n2");
  }

  @Test
  void aClientGoingAwayClosesTheStream() throws Exception {
    Sse sse;
    try (Socket s = request("/hold")) {
      InputStream in = s.getInputStream();
      assertThat(readHead(in).get(":status")).isEqualTo("HTTP/1.1 200 OK");
      readLine(in); // chunk size
      assertThat(readLine(in)).isEqualTo("data: hello");
      sse = opened.get(5, TimeUnit.SECONDS);
      assertThat(sse.isClosed()).isFalse();
    }
    sse.whenClosed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(sse.isClosed()).isTrue();
    CompletableFuture<Void> late = sse.send("anyone?").toCompletableFuture();
    try {
      late.get(5, TimeUnit.SECONDS);
      throw new AssertionError("a send after the client left succeeded");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ChannelClosedException.class);
    }
  }

  @Test
  void gracefulShutdownEndsOpenStreams() throws Exception {
    try (Socket s = request("/hold")) {
      InputStream in = s.getInputStream();
      assertThat(readHead(in).get(":status")).isEqualTo("HTTP/1.1 200 OK");
      Sse sse = opened.get(5, TimeUnit.SECONDS);

      // A stream never ends by itself: the shutdown must end it, not wait 30 s for its deadline.
      CompletableFuture<Void> down = server.shutdown(Duration.ofSeconds(30)).toCompletableFuture();
      down.get(10, TimeUnit.SECONDS);

      // The client read the event sent, then a clean end: the last chunk, then EOF.
      assertThat(readChunked(in)).isEqualTo("data: hello\n\n");
      assertThat(in.read()).isEqualTo(-1);
      assertThat(sse.isClosed()).isTrue();
      sse.whenClosed().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClientThatDoesNotReadHoldsTheProducerBack() throws Exception {
    Sse sse;
    try (Socket s = request("/flood")) {
      s.setReceiveBufferSize(64 * 1024);
      sse = opened.get(5, TimeUnit.SECONDS);
      // Wait until the producer is held back: a send waiting and no progress between two looks.
      // Polling a condition (with a deadline), not sleeping a guessed time for it to happen.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long seen = -1;
      while (!(waiting.get() && accepted.get() == seen)) {
        assertThat(System.nanoTime()).as("producer never held back").isLessThan(deadline);
        assertThat(producerFailed).isNotDone();
        seen = accepted.get();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
      long held = accepted.get();
      assertThat(held * BIG.length()).as("bytes accepted for a client that reads nothing")
          .isLessThan(BOUND);

      // Reading lets the producer go on.
      InputStream in = s.getInputStream();
      assertThat(readHead(in).get(":status")).isEqualTo("HTTP/1.1 200 OK");
      long target = held + 8;
      byte[] sink = new byte[64 * 1024];
      while (accepted.get() < target) {
        assertThat(System.nanoTime()).as("producer never resumed").isLessThan(deadline);
        assertThat(in.read(sink)).isPositive();
      }
    }
    // The client left: the stream closes and the producer's waiting send fails.
    sse.whenClosed().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Throwable failure = producerFailed.get(10, TimeUnit.SECONDS);
    assertThat(failure instanceof java.util.concurrent.CompletionException
        ? failure.getCause() : failure).isInstanceOf(ChannelClosedException.class);
  }

  // ---- reading -------------------------------------------------------------------------------

  /** A chunked body to its last chunk, as text. */
  private static String readChunked(InputStream in) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(readLine(in).trim(), 16);
      if (size == 0) {
        assertThat(readLine(in)).isEmpty();
        return body.toString(StandardCharsets.UTF_8);
      }
      body.write(in.readNBytes(size));
      assertThat(readLine(in)).isEmpty();
    }
  }

  private static Map<String, String> readHead(InputStream in) throws Exception {
    Map<String, String> head = new LinkedHashMap<>();
    head.put(":status", readLine(in));
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      head.put(line.substring(0, colon).toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return head;
  }

  private static String readLine(InputStream in) throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new java.io.EOFException("connection closed mid-line: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
