package dev.eddy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.Body;
import dev.eddy.http.Cookie;
import dev.eddy.http.HttpError;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.Server;
import dev.eddy.http.Status;
import dev.eddy.http.middleware.Cors;
import dev.eddy.http.middleware.Guards;
import dev.eddy.http.middleware.Logging;
import dev.eddy.http.middleware.RequestId;
import dev.eddy.runtime.Runtime;
import dev.eddy.sync.Channel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The code snippets of docs/http-server.md, compiled and run. When a snippet changes there,
 * change it here (and the other way round): the text between the {@code // doc:} markers is what
 * the page shows.
 */
class HttpGuideTest {

  private static Response call(App<?> app, Request.Builder r) throws Exception {
    return app.handle(r).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** The quick start: compiled, not run (it binds port 8080 and serves until killed). */
  static final class Hello {
    // doc:hello
    public static void main(String[] args) {
      App<Void> app = App.create();
      app.at("/").get(req -> "Hello from Eddy");
      app.at("/hello/:name").get(req -> "Hello, " + req.param("name"));
      app.listen("127.0.0.1:8080");        // starts a runtime of its own; serves until stopped
    }
    // doc:end
  }

  record Todo(String title, boolean done) {}

  record Paging(int limit, int offset) {}

  @Test
  void routing() throws Exception {
    App<Void> app = App.create();
    App<Void> api = App.create();
    // doc:routing
    app.at("/users/me").get(req -> "me");                          // static segments win...
    app.at("/users/:id").get(req -> "user " + req.param("id"))     // ...over parameters...
        .delete(req -> Response.of(Status.NO_CONTENT));
    app.at("/files/*path").get(req -> "file " + req.param("path")); // ...over wildcards
    api.at("/status").get(req -> "up");
    app.at("/api").nest(api);                                       // GET /api/status -> "up"
    // doc:end
    assertThat(call(app, Request.get("/users/me")).bodyString()).isEqualTo("me");
    assertThat(call(app, Request.get("/users/7")).bodyString()).isEqualTo("user 7");
    assertThat(call(app, Request.get("/files/a/b.txt")).bodyString()).isEqualTo("file a/b.txt");
    assertThat(call(app, Request.get("/api/status")).bodyString()).isEqualTo("up");
    assertThat(call(app, Request.builder("PUT", "/users/7")).header("Allow"))
        .isEqualTo("DELETE, GET, HEAD, OPTIONS");
    assertThat(call(app, Request.builder("BREW", "/users/7")).status()).isEqualTo(501);
  }

  enum Sort { NEWEST, OLDEST }

  @Test
  void typedParameters() throws Exception {
    Map<Long, String> items = new ConcurrentHashMap<>(Map.of(7L, "seven"));
    App<Void> app = App.create();
    // doc:typed-params
    app.at("/items/:id").get(req -> {
      long id = req.paramLong("id");                       // /items/abc -> 400
      String item = items.get(id);
      if (item == null) {
        throw HttpError.notFound("no item " + id);
      }
      return item;
    });
    app.at("/items").get(req -> {
      int limit = req.queryInt("limit").orElse(20);         // absent -> 20; ?limit=ten -> 400
      Sort sort = req.query("sort", Sort.class).orElse(Sort.NEWEST); // enum by name, any case
      return items.values().stream().limit(limit).toList() + " by " + sort;
    });
    // doc:end
    assertThat(call(app, Request.get("/items/7")).bodyString()).isEqualTo("seven");
    Response abc = call(app, Request.get("/items/abc"));
    assertThat(abc.status()).isEqualTo(400);
    assertThat(abc.bodyString())
        .isEqualTo("path parameter 'id' = 'abc': expected an integer such as 42");
    assertThat(call(app, Request.get("/items?sort=oldest")).bodyString())
        .isEqualTo("[seven] by OLDEST");
    assertThat(call(app, Request.get("/items?limit=ten")).status()).isEqualTo(400);
    assertThat(call(app, Request.builder("OPTIONS", "/items/7")).header("Allow"))
        .isEqualTo("GET, HEAD, OPTIONS");
  }

  @Test
  void endpointsAndRequests() throws Exception {
    Map<String, Todo> store = new ConcurrentHashMap<>();
    App<Void> app = App.create();
    // doc:requests
    app.at("/todos").get(req -> {
      Paging p = req.query(Paging.class);                  // ?limit=10&offset=20, 400 if not ints
      return store.values().stream().skip(p.offset()).limit(p.limit()).toList(); // JSON
    });
    app.at("/todos/:id").put(req -> req.bodyJson(Todo.class).thenApply(todo -> {
      store.put(req.param("id"), todo);
      return Response.json(Status.CREATED, todo);
    }));
    app.at("/login").post(req -> req.bodyForm().thenApply(form -> {
      List<String> user = form.getOrDefault("user", List.of());
      String theme = req.cookie("theme");                  // null when absent
      return "hello " + user + " in " + (theme == null ? "light" : theme)
          + " from " + req.remoteAddress().getAddress().getHostAddress()
          + " via " + req.header("user-agent");            // header names ignore case
    }));
    // doc:end
    Response put = call(app, Request.builder("PUT", "/todos/1").json(new Todo("write", false)));
    assertThat(put.status()).isEqualTo(201);
    assertThat(call(app, Request.get("/todos?limit=5&offset=0")).bodyString())
        .isEqualTo("[{\"title\":\"write\",\"done\":false}]");
    assertThat(call(app, Request.get("/todos?limit=ten&offset=0")).status()).isEqualTo(400);
    Response login = call(app, Request.post("/login").body("user=ada")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", "theme=dark").header("User-Agent", "curl"));
    assertThat(login.bodyString()).isEqualTo("hello [ada] in dark from 127.0.0.1 via curl");
  }

  @Test
  void streamingRequestBody() throws Exception {
    App<Void> app = App.create();
    // doc:body-stream
    app.at("/count").post(req -> countBytes(req.body(), 0).thenApply(n -> n + " bytes"));
    // doc:end
    assertThat(call(app, Request.post("/count").body("12345")).bodyString()).isEqualTo("5 bytes");
  }

  // doc:body-stream-helper
  /** Reads piece by piece: the server reads the socket only as fast as this asks. */
  static CompletionStage<Long> countBytes(Body body, long seen) {
    return body.read().thenCompose(piece -> piece.isEmpty()
        ? CompletableFuture.completedStage(seen)
        : countBytes(body, seen + piece.get().remaining()));
  }
  // doc:end

  @Test
  void responses() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(1).build()) {
      App<Void> app = App.create();
      // doc:responses
      app.at("/hi").get(req -> Response.text("Hello")
          .header("Cache-Control", "no-store")
          .cookie(Cookie.of("seen", "1").withHttpOnly().withMaxAge(Duration.ofDays(1))));
      app.at("/old").get(req -> Response.redirect(Status.MOVED_PERMANENTLY, "/new"));
      app.at("/numbers").get(req -> {
        Channel<ByteBuffer> out = Channel.bounded(8);    // send() waits while the client lags
        runtime.spawnAsync(() -> sendNumbers(out, 1, 1000));
        return Response.stream(Body.from(out), "text/plain");  // chunked: length unknown
      });
      // doc:end
      Response hi = call(app, Request.get("/hi"));
      assertThat(hi.header("Set-Cookie")).startsWith("seen=1").contains("HttpOnly");
      assertThat(call(app, Request.get("/old")).header("Location")).isEqualTo("/new");
      Response numbers = call(app, Request.get("/numbers"));
      String all = new String(numbers.body().bytes().toCompletableFuture().get(5,
          TimeUnit.SECONDS), StandardCharsets.US_ASCII);
      assertThat(all).startsWith("1\n2\n").endsWith("1000\n");
    }
  }

  static CompletionStage<Void> sendNumbers(Channel<ByteBuffer> out, int from, int to) {
    if (from > to) {
      out.close();                                        // ends the body
      return CompletableFuture.completedStage(null);
    }
    return out.send(ByteBuffer.wrap((from + "\n").getBytes(StandardCharsets.US_ASCII)))
        .thenCompose(v -> sendNumbers(out, from + 1, to));
  }

  @Test
  void errors() throws Exception {
    App<Void> app = App.create();
    // doc:errors
    app.at("/orders/:id").get(req -> {
      String id = req.param("id");
      if (!id.chars().allMatch(Character::isDigit)) {
        throw HttpError.badRequest("order id '" + id + "': expected digits");  // 400, this text
      }
      throw new IllegalStateException("database down");   // 500 "Internal Server Error", logged
    });
    // doc:end
    Response bad = call(app, Request.get("/orders/x1"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.bodyString()).isEqualTo("order id 'x1': expected digits");
    Response broken = call(app, Request.get("/orders/12"));
    assertThat(broken.status()).isEqualTo(500);
    assertThat(broken.bodyString()).isEqualTo("Internal Server Error").doesNotContain("database");
  }

  @Test
  void middleware() throws Exception {
    App<Void> app = App.create();
    // doc:middleware
    app.with(RequestId.create());                         // first: the others see the id
    app.with(Logging.requests());                         // logger dev.eddy.http.requests
    app.with(Cors.allowOrigins("https://app.example")
        .allowMethods("GET", "POST", "DELETE").allowHeaders("Content-Type").build());
    app.with(Guards.timeout(Duration.ofSeconds(10)));     // 503 when the handler is late
    app.with((req, next) -> {                             // one of your own
      if (req.header("Authorization") == null) {
        return CompletableFuture.completedStage(Response.text(Status.UNAUTHORIZED, "log in"));
      }
      return next.run(req).thenApply(res -> res.header("X-Frame-Options", "DENY"));
    });
    app.at("/upload").with(Guards.maxBodySize(1 << 20))  // route level: 1 MiB here
        .post(req -> req.bodyBytes().thenApply(b -> b.length + " bytes"));
    // doc:end
    assertThat(call(app, Request.post("/upload").body("x")).status()).isEqualTo(401);
    Response ok = call(app, Request.post("/upload").body("abc").header("Authorization", "t"));
    assertThat(ok.bodyString()).isEqualTo("3 bytes");
    assertThat(ok.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(ok.header("X-Request-Id")).isNotNull();
  }

  @Test
  void stateAndTesting() throws Exception {
    // doc:state
    record Counter(AtomicLong hits) {}
    App<Counter> app = App.create(new Counter(new AtomicLong()));
    app.at("/hit").post(req -> "hit " + req.state().hits().incrementAndGet());

    Response r = app.handle(Request.post("/hit")).toCompletableFuture().get();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyString()).isEqualTo("hit 1");
    // doc:end
  }

  @Test
  void servingAndShutdown() throws Exception {
    App<Void> app = App.create();
    app.at("/").get(req -> "up");
    int status;
    // doc:serve
    HttpServerConfig config = HttpServerConfig.load()            // reference.conf + overrides
        .withMaxBodySize(1 << 20)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
    try (Runtime runtime = Runtime.create()) {
      Server server = runtime.blockOn(() ->
          app.listen(runtime, new InetSocketAddress("127.0.0.1", 0), config));   // 0: any port
      URI uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/");
      status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
      server.shutdown(Duration.ofSeconds(5)).toCompletableFuture().get();  // drain, then stop
    }
    // doc:end
    assertThat(status).isEqualTo(200);
    assertThat(HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty())).maxBodySize())
        .isEqualTo(10L << 20);
  }

  @Test
  void blockingWork() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(1).build()) {
      App<Void> app = App.create();
      // doc:blocking
      app.at("/report").get(req -> Runtime.current()
          .spawnBlocking(() -> slowLegacyReport())          // off the worker
          .thenApply(text -> Response.text(text)));          // back on a worker
      // doc:end
      Response r = runtime.blockOn(() -> runtime.spawnAsync(
          () -> app.handle(Request.get("/report"))));
      assertThat(r.bodyString()).isEqualTo("report");
    }
  }

  private static String slowLegacyReport() {
    return "report";
  }
}
