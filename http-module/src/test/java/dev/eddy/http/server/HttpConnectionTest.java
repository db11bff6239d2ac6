package dev.eddy.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Response;
import dev.eddy.http.middleware.LogCapture;
import dev.eddy.runtime.Runtime;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpConnection} over a {@link FakeConnection} whose peer reads only when the test says
 * so: what the server queues for a peer that does not read, what a closed connection leaves
 * behind, and how responses are handed to the connection.
 */
class HttpConnectionTest {

  private static final HttpServerConfig CONFIG =
      HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()));
  private static final int HIGH_WATER = CONFIG.tcp().highWaterMark();
  private static final int FLUSH_AT = CONFIG.tcp().bufferSize();

  private Runtime runtime;
  private HttpServerCore core;

  @BeforeEach
  void start() {
    runtime = Runtime.builder().workers(1).build();
  }

  @AfterEach
  void stop() {
    if (core != null) {
      core.close();
    }
    runtime.close();
  }

  private void serve(App<Void> app) throws Exception {
    core = HttpServerCore.listen(app, runtime, new InetSocketAddress("127.0.0.1", 0), CONFIG)
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private HttpConnection open(FakeConnection fake) {
    HttpConnection http = new HttpConnection(core, fake);
    fake.attach(http);
    http.onOpen();
    return http;
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void pipelinedAnswersStopAtTheHighWaterMarkAndGoOnWhenThePeerReads() throws Exception {
    byte[] big = new byte[100 * 1024];
    App<Void> app = App.create();
    app.at("/big").get(req -> Response.bytes(big, "application/octet-stream"));
    serve(app);
    FakeConnection fake = new FakeConnection(HIGH_WATER);
    HttpConnection http = open(fake);

    int requests = 600;
    http.onData(ascii("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".repeat(requests)));
    fake.runPending();

    // Above the mark nothing more is answered: at most the mark, one response and one batch.
    assertThat(fake.maxQueued()).as("bytes queued for a peer that does not read")
        .isLessThanOrEqualTo(HIGH_WATER + big.length + 1024 + FLUSH_AT);
    assertThat(fake.isReading()).as("reading paused while answers wait").isFalse();

    long all = (long) requests * big.length;
    for (int round = 0; round < 10 * requests && fake.written() < all; round++) {
      fake.drain(Long.MAX_VALUE);
      http.onWritable();
      fake.runPending();
      assertThat(fake.maxQueued()).isLessThanOrEqualTo(HIGH_WATER + big.length + 1024 + FLUSH_AT);
    }
    assertThat(fake.written()).as("every answer, once the peer reads").isGreaterThan(all);
    assertThat(fake.isReading()).isTrue();
  }

  @Test
  void asynchronousAnswersThatArriveWhileThePeerDoesNotReadWaitForOnWritable() throws Exception {
    byte[] big = new byte[100 * 1024];
    List<CompletableFuture<Response>> answers = new CopyOnWriteArrayList<>();
    App<Void> app = App.create();
    app.at("/later").get(req -> {
      CompletableFuture<Response> answer = new CompletableFuture<>();
      answers.add(answer);
      return answer;
    });
    serve(app);
    FakeConnection fake = new FakeConnection(HIGH_WATER);
    HttpConnection http = open(fake);
    int requests = 20;
    http.onData(ascii("GET /later HTTP/1.1\r\nHost: a\r\n\r\n".repeat(requests)));
    fake.runPending();
    assertThat(answers).hasSize(requests);

    for (CompletableFuture<Response> answer : answers) {
      answer.complete(Response.bytes(big, "application/octet-stream")); // off the task
    }
    fake.runPending();

    assertThat(fake.maxQueued()).as("bytes queued for a peer that does not read")
        .isLessThanOrEqualTo(HIGH_WATER + big.length + 1024 + FLUSH_AT);
    long all = (long) requests * big.length;
    for (int round = 0; round < 10 * requests && fake.written() < all; round++) {
      fake.drain(Long.MAX_VALUE);
      http.onWritable();
      fake.runPending();
    }
    assertThat(fake.written()).as("every answer, once the peer reads").isGreaterThan(all);
    assertThat(fake.maxQueued()).isLessThanOrEqualTo(HIGH_WATER + big.length + 1024 + FLUSH_AT);
  }

  @Test
  void closedConnectionsAreNotKeptByTheirTimers() throws Exception {
    App<Void> app = App.create();
    app.at("/thing").get(req -> "thing");
    serve(app);
    List<WeakReference<HttpConnection>> closed = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      FakeConnection fake = new FakeConnection(HIGH_WATER);
      HttpConnection http = open(fake);
      http.onData(ascii("GET /thing HTTP/1.1\r\nHost: a\r\n\r\nGET /thing HTTP/1.1\r\nHo"));
      fake.runPending();
      assertThat(fake.output()).startsWith("HTTP/1.1 200");
      http.onClose(null);
      closed.add(new WeakReference<>(http));
    }
    // idle-timeout and header-read-timeout are 60 s and 10 s: a timer that outlives its
    // connection keeps it well past this deadline.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (closed.stream().anyMatch(r -> r.get() != null)) {
      assertThat(System.nanoTime()).as("%s of 200 closed connections still reachable",
          closed.stream().filter(r -> r.get() != null).count()).isLessThan(deadline);
      System.gc();
    }
  }

  @Test
  void aLargeInMemoryBodyIsHandedToTheConnectionNotCopiedIntoTheEncoder() throws Exception {
    byte[] huge = new byte[10 << 20];
    App<Void> app = App.create();
    app.at("/huge").get(req -> Response.bytes(huge, "application/octet-stream"));
    app.at("/thing").get(req -> "thing");
    serve(app);
    FakeConnection fake = new FakeConnection(Integer.MAX_VALUE);
    HttpConnection http = open(fake);

    http.onData(ascii(
        "GET /huge HTTP/1.1\r\nHost: a\r\n\r\nGET /thing HTTP/1.1\r\nHost: a\r\n\r\n"));
    fake.runPending();

    assertThat(fake.writtenArrays.stream().anyMatch(a -> a == huge))
        .as("the app's array went to the connection as it is").isTrue();
    String out = fake.output();
    assertThat(out).startsWith("HTTP/1.1 200").contains("Content-Length: " + huge.length);
    assertThat(count(out, "HTTP/1.1 200")).isEqualTo(1); // the second is past the kept bytes
    assertThat(fake.written()).isGreaterThan(huge.length + 2 * 40L);
    http.onClose(null);
  }

  @Test
  void aHandlerAnsweringWithAnInterimStatusSendsALogged500() throws Exception {
    App<Void> app = App.create();
    app.at("/switch").get(req -> Response.of(101).header("Upgrade", "websocket"));
    app.at("/hints").get(req -> Response.of(103));
    app.at("/thing").get(req -> "thing");
    serve(app);
    FakeConnection fake = new FakeConnection(HIGH_WATER);
    HttpConnection http = open(fake);
    try (LogCapture log = new LogCapture(ResponseWriter.class.getName())) {
      http.onData(ascii("GET /switch HTTP/1.1\r\nHost: a\r\n\r\n"
          + "GET /hints HTTP/1.1\r\nHost: a\r\n\r\nGET /thing HTTP/1.1\r\nHost: a\r\n\r\n"));
      fake.runPending();

      String out = fake.output();
      assertThat(out).startsWith("HTTP/1.1 500").doesNotContain("HTTP/1.1 101")
          .doesNotContain("HTTP/1.1 103").doesNotContain("Upgrade");
      assertThat(count(out, "HTTP/1.1 500")).isEqualTo(2);
      assertThat(out).endsWith("thing");
      assertThat(log.events()).hasSize(2)
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("1xx"));
    }
    http.onClose(null);
  }
}
