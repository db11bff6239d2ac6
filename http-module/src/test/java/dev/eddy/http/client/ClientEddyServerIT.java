package dev.eddy.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.Body;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Response;
import dev.eddy.http.Server;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the Eddy server over loopback. */
class ClientEddyServerIT {

  static final long BIG = 64L << 20;
  static final int PIECE = 64 << 10;

  record Todo(String title, boolean done) {}

  private Runtime serverRuntime;
  private Server server;
  private Client client;
  private String base;
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    serverRuntime = Runtime.builder().workers(1).build();
    App<Void> app = App.create();
    app.with((req, next) -> {
      clientPorts.add(req.remoteAddress().getPort());
      return next.run(req);
    });
    app.at("/plaintext").get(req -> "Hello, World!");
    app.at("/method").get(req -> req.method()).post(req -> echo(req)).put(req -> echo(req))
        .patch(req -> echo(req)).delete(req -> req.method());
    app.at("/json").get(req -> Response.json(new Todo("read", true)))
        .post(req -> req.bodyJson(Todo.class).thenApply(t -> Response.json(201,
            new Todo(t.title() + "!", !t.done()))));
    app.at("/list").get(req -> Response.json(List.of(new Todo("a", false), new Todo("b", true))));
    app.at("/form").post(req -> req.bodyForm().thenApply(Object::toString));
    app.at("/query").get(req -> req.query("q") + "|" + req.query("n"));
    app.at("/headers").get(req -> req.header("X-Default") + "|" + req.header("User-Agent"));
    app.at("/status/:code").get(req -> Response.text(Integer.parseInt(req.param("code")),
        "status " + req.param("code")));
    app.at("/big").get(req -> Response.stream(generated(BIG), "application/octet-stream"));
    app.at("/count").post(req -> count(req.body()).thenApply(String::valueOf));
    app.at("/redirect/:code").get(req -> redirect(req.param("code"), "/plaintext"))
        .post(req -> redirect(req.param("code"), "/method"));
    app.at("/loop/a").get(req -> redirect("302", "/loop/b"));
    app.at("/loop/b").get(req -> redirect("302", "/loop/a"));
    HttpServerConfig config = HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()))
        .withMaxBodySize(BIG * 2);
    server = app.listen(serverRuntime, new InetSocketAddress("127.0.0.1", 0), config)
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.localAddress().getPort();
    client = Client.builder().baseUrl(base).defaultHeader("X-Default", "yes")
        .runtime(Runtime.builder().workers(2).build()).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    client.runtime().close();
    server.shutdown(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    serverRuntime.close();
  }

  private static CompletionStage<Response> echo(dev.eddy.http.Request<Void> req) {
    return req.bodyString().thenApply(b -> Response.text(req.method() + ":" + b));
  }

  private static Response redirect(String code, String location) {
    return Response.of(Integer.parseInt(code)).header("Location", location);
  }

  @Test
  void getsTextWithEveryMethod() throws Exception {
    assertThat(get(client.get("/plaintext").recvString())).isEqualTo("Hello, World!");
    assertThat(get(client.get("/method").recvString())).isEqualTo("GET");
    assertThat(get(client.post("/method").body("a").recvString())).isEqualTo("POST:a");
    assertThat(get(client.put("/method").body("b").recvString())).isEqualTo("PUT:b");
    assertThat(get(client.patch("/method").body("c").recvString())).isEqualTo("PATCH:c");
    assertThat(get(client.delete("/method").recvString())).isEqualTo("DELETE");
    assertThat(get(client.post("/method").recvString())).isEqualTo("POST:");
    ClientResponse head = get(client.head("/plaintext").send());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("13");
    assertThat(get(head.bodyBytes())).isEmpty();
  }

  @Test
  void roundTripsJsonAndFormsAndQueries() throws Exception {
    assertThat(get(client.get("/json").recvJson(Todo.class))).isEqualTo(new Todo("read", true));
    assertThat(get(client.post("/json").bodyJson(new Todo("write", false)).recvJson(Todo.class)))
        .isEqualTo(new Todo("write!", true));
    assertThat(get(client.get("/list").recvJson(new TypeReference<List<Todo>>() {})))
        .containsExactly(new Todo("a", false), new Todo("b", true));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("name", "Ada L");
    form.put("x", "1&2");
    assertThat(get(client.post("/form").bodyForm(form).recvString()))
        .isEqualTo("{name=[Ada L], x=[1&2]}");
    assertThat(get(client.get("/query").query("q", "a b&c").query("n", "é").recvString()))
        .isEqualTo("a b&c|é");
    assertThat(get(client.get("/headers").recvString())).isEqualTo("yes|eddy");
  }

  @Test
  void returnsErrorStatusesUnlessAskedToFail() throws Exception {
    ClientResponse missing = get(client.get("/status/404").send());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(get(missing.bodyString())).isEqualTo("status 404");

    assertThatThrownBy(() -> get(client.get("/status/503").errorForStatus().send()))
        .cause().isInstanceOf(HttpStatusException.class)
        .hasMessageContaining("503").hasMessageContaining("status 503");
  }

  @Test
  void reusesOneConnectionForSequentialRequests() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(get(client.get("/plaintext").recvString())).isEqualTo("Hello, World!");
      assertThat(get(client.post("/method").body("x".repeat(i * 1000)).recvString()))
          .hasSize(5 + i * 1000);
    }
    assertThat(clientPorts).hasSize(1);
    assertThat(client.connectionsOpened("127.0.0.1:" + server.localAddress().getPort()))
        .isEqualTo(1);
  }

  @Test
  void boundsConnectionsPerHostAndQueuesTheRest() throws Exception {
    try (Client small = Client.builder().runtime(client.runtime()).pool(3, 1000,
        Duration.ofSeconds(30)).build()) {
      List<CompletableFuture<String>> all = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        all.add(small.get(base + "/plaintext").recvString().toCompletableFuture());
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(all).allSatisfy(f -> assertThat(f.join()).isEqualTo("Hello, World!"));
      assertThat(small.connectionsOpened("127.0.0.1:" + server.localAddress().getPort()))
          .isBetween(1L, 3L);
    }
  }

  @Test
  void streamsA64MiBResponseInBoundedPieces() throws Exception {
    ClientResponse response = get(client.get("/big").send());
    AtomicLong total = new AtomicLong();
    AtomicLong largest = new AtomicLong();

    get(drain(response.body(), total, largest));

    assertThat(total.get()).isEqualTo(BIG);
    assertThat(largest.get()).isLessThanOrEqualTo(client.config().bufferSize());
    // the connection went back to the pool: the next request reuses it
    assertThat(get(client.get("/plaintext").recvString())).isEqualTo("Hello, World!");
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void uploads64MiBChunkedAndByLengthAndFromAFile(@TempDir Path dir) throws Exception {
    assertThat(get(client.post("/count").body(generated(BIG)).recvString()))
        .isEqualTo(String.valueOf(BIG));
    assertThat(get(client.post("/count").body(sized(generated(8 << 20), 8 << 20)).recvString()))
        .isEqualTo(String.valueOf(8 << 20));
    Path file = dir.resolve("upload.bin");
    Files.write(file, new byte[3 << 20]);
    assertThat(get(client.put("/method").body(file).send()).status()).isEqualTo(200);
    assertThat(get(client.post("/count").body(file).recvString()))
        .isEqualTo(String.valueOf(3 << 20));
  }

  @Test
  void followsRedirectsWithTheRightMethods() throws Exception {
    assertThat(get(client.get("/redirect/301").recvString())).isEqualTo("Hello, World!");
    assertThat(get(client.post("/redirect/303").body("gone").recvString())).isEqualTo("GET");
    assertThat(get(client.post("/redirect/302").body("gone").recvString())).isEqualTo("GET");
    assertThat(get(client.post("/redirect/307").body("kept").recvString()))
        .isEqualTo("POST:kept");
    assertThat(get(client.post("/redirect/308").body("kept").recvString()))
        .isEqualTo("POST:kept");
    ClientResponse last = get(client.get("/redirect/302").send());
    assertThat(last.uri().getPath()).isEqualTo("/plaintext");

    assertThatThrownBy(() -> get(client.get("/loop/a").send()))
        .cause().isInstanceOf(TooManyRedirectsException.class)
        .hasMessageContaining("/loop/a -> ").hasMessageContaining("max-redirects");
    try (Client none = Client.builder().runtime(client.runtime()).maxRedirects(0).build()) {
      assertThat(get(none.get(base + "/redirect/301").send()).status()).isEqualTo(301);
    }
  }

  @Test
  void refusesHttpsAndBadUrlsAtOnce() {
    assertThatThrownBy(() -> get(client.get("https://example.com/").send())).cause()
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("TLS (https) is not supported yet: https://example.com/");
    assertThatThrownBy(() -> get(client.get("ftp://example.com/").send())).cause()
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ftp'");
    assertThatThrownBy(() -> get(client.get("http://exa mple.com/").recvString())).cause()
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed URL");
    assertThatThrownBy(() -> client.get("http://exa mple.com/").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed URL");
    try (Client noBase = Client.builder().runtime(client.runtime()).build()) {
      assertThatThrownBy(() -> get(noBase.get("/relative").send())).cause()
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no scheme");
    }
    assertThatThrownBy(() -> client.get("/x").header("Bad", "a\r\nInjected: 1").recvString()
        .toCompletableFuture().get(5, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retriesIdempotentRequestsOnConnectFailure() throws Exception {
    int dead;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    AtomicLong attempts = new AtomicLong();
    try (Client retrying = Client.builder().runtime(client.runtime())
        .with(ClientMiddleware.retry(3, Duration.ofMillis(1)))
        .with((req, next) -> {
          attempts.incrementAndGet();
          return next.run(req);
        }).build()) {
      assertThatThrownBy(() -> get(retrying.get("http://127.0.0.1:" + dead + "/").send()))
          .cause().isInstanceOf(java.net.ConnectException.class);
      assertThat(attempts.get()).isEqualTo(3);
      attempts.set(0);
      assertThatThrownBy(() -> get(retrying.post("http://127.0.0.1:" + dead + "/").send()))
          .cause().isInstanceOf(java.net.ConnectException.class);
      assertThat(attempts.get()).isEqualTo(1);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A pull-style body of {@code size} generated bytes, produced only when read. */
  static Body generated(long size) {
    return new Body() {
      long left = size;

      @Override
      public CompletionStage<Optional<ByteBuffer>> read() {
        if (left == 0) {
          return CompletableFuture.completedStage(Optional.empty());
        }
        int n = (int) Math.min(PIECE, left);
        left -= n;
        return CompletableFuture.completedStage(Optional.of(ByteBuffer.allocate(n)));
      }

      @Override
      public long length() {
        return -1;
      }
    };
  }

  static Body sized(Body body, long length) {
    return new Body() {
      @Override
      public CompletionStage<Optional<ByteBuffer>> read() {
        return body.read();
      }

      @Override
      public long length() {
        return length;
      }
    };
  }

  static CompletionStage<Long> count(Body body) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    drain(body, new AtomicLong(), new AtomicLong()).whenComplete((n, e) -> {
      if (e != null) {
        done.completeExceptionally(e);
      } else {
        done.complete(n);
      }
    });
    return done;
  }

  /** Reads {@code body} to its end, counting, without keeping any piece. */
  static CompletionStage<Long> drain(Body body, AtomicLong total, AtomicLong largest) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    step(body, total, largest, done);
    return done;
  }

  private static void step(Body body, AtomicLong total, AtomicLong largest,
      CompletableFuture<Long> done) {
    while (true) {
      CompletableFuture<Optional<ByteBuffer>> next = body.read().toCompletableFuture();
      if (!next.isDone()) {
        next.whenComplete((p, e) -> {
          if (e != null) {
            done.completeExceptionally(e);
          } else if (p.isEmpty()) {
            done.complete(total.get());
          } else {
            total.addAndGet(p.get().remaining());
            largest.accumulateAndGet(p.get().remaining(), Math::max);
            step(body, total, largest, done);
          }
        });
        return;
      }
      Optional<ByteBuffer> p;
      try {
        p = next.join();
      } catch (RuntimeException e) {
        done.completeExceptionally(e.getCause() != null ? e.getCause() : e);
        return;
      }
      if (p.isEmpty()) {
        done.complete(total.get());
        return;
      }
      total.addAndGet(p.get().remaining());
      largest.accumulateAndGet(p.get().remaining(), Math::max);
    }
  }
}
