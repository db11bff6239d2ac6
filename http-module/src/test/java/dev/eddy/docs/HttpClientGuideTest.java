package dev.eddy.docs;

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
import dev.eddy.http.client.Client;
import dev.eddy.http.client.ClientMiddleware;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.HttpStatusException;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The code snippets of docs/http-client.md, compiled and run against a small app. When a snippet
 * changes there, change it here (and the other way round): the text between the {@code // doc:}
 * markers is what the page shows.
 */
class HttpClientGuideTest {

  record Todo(String title, boolean done) {}

  private Runtime serverRuntime;
  private Server server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    serverRuntime = Runtime.builder().workers(1).build();
    App<Void> app = App.create();
    app.at("/todos/:id").get(req -> Response.json(new Todo("todo " + req.param("id"), false)));
    app.at("/todos").get(req -> Response.json(List.of(new Todo("a", true))))
        .post(req -> req.bodyJson(Todo.class).thenApply(t -> Response.json(201, t)));
    app.at("/search").get(req -> "found " + req.query("q"));
    app.at("/login").post(req -> req.bodyForm().thenApply(f -> "hi " + f.get("user").get(0)));
    app.at("/missing").get(req -> Response.text(404, "no such thing"));
    app.at("/big").get(req -> Response.text("x".repeat(100_000)));
    server = app.listen(serverRuntime, new InetSocketAddress("127.0.0.1", 0),
        HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty())))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.localAddress().getPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    serverRuntime.close();
  }

  @Test
  void quickStart() {
    String url = base + "/todos/1";
    Todo todo;
    // doc:quick-start
    try (Client client = Client.create()) {                 // its own runtime, outside one
      todo = client.get(url).recvJson(Todo.class)           // CompletionStage<Todo>
          .toCompletableFuture().join();                    // only outside the runtime!
    }                                                       // close(): connections, runtime
    // doc:end
    assertThat(todo).isEqualTo(new Todo("todo 1", false));
  }

  @Test
  void requests() throws Exception {
    try (Client client = Client.builder().baseUrl(base).build()) {
      // doc:requests
      CompletionStage<Todo> created = client.post("/todos")
          .bodyJson(new Todo("write docs", false))          // application/json
          .timeout(Duration.ofSeconds(2))                    // until the response head
          .recvJson(Todo.class);
      CompletionStage<List<Todo>> all = client.get("/todos")
          .recvJson(new TypeReference<List<Todo>>() {});
      CompletionStage<String> found = client.get("/search")
          .query("q", "eddy & co")                          // percent-encoded
          .header("Accept", "text/plain")
          .recvString();
      CompletionStage<String> hello = client.post("/login")
          .bodyForm(Map.of("user", "ada"))                  // x-www-form-urlencoded
          .recvString();
      // doc:end
      assertThat(created.toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isEqualTo(new Todo("write docs", false));
      assertThat(all.toCompletableFuture().get(5, TimeUnit.SECONDS)).hasSize(1);
      assertThat(found.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("found eddy & co");
      assertThat(hello.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("hi ada");
    }
  }

  @Test
  void templates() throws Exception {
    try (Client client = Client.builder().baseUrl(base).build()) {
      String name = "caf\u00e9 cr\u00e8me";
      // doc:templates
      CompletionStage<Todo> one = client.get("/todos/{id}", name)   // /todos/caf%C3%A9%20cr%C3%A8me
          .recvJson(Todo.class);
      CompletionStage<Todo> same = client.get("/todos")
          .pathSegment(name)                                 // the same, built step by step
          .recvJson(Todo.class);
      // doc:end
      assertThat(one.toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isEqualTo(new Todo("todo " + name, false));
      assertThat(same.toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isEqualTo(new Todo("todo " + name, false));
    }
  }

  @Test
  void statuses() throws Exception {
    try (Client client = Client.builder().baseUrl(base).build()) {
      // doc:statuses
      ClientResponse response = client.get("/missing").send()
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      int status = response.status();                        // 404: not an exception
      String text = response.bodyString().toCompletableFuture().get(5, TimeUnit.SECONDS);

      CompletionStage<String> strict = client.get("/missing")
          .errorForStatus()                                  // 4xx/5xx fail the stage
          .recvString();
      // doc:end
      assertThat(status).isEqualTo(404);
      assertThat(text).isEqualTo("no such thing");
      assertThatThrownBy(() -> strict.toCompletableFuture().get(5, TimeUnit.SECONDS))
          .cause().isInstanceOf(HttpStatusException.class).hasMessageContaining("404");
    }
  }

  @Test
  void streaming() throws Exception {
    try (Client client = Client.builder().baseUrl(base).build()) {
      AtomicLong bytes = new AtomicLong();
      // doc:streaming
      CompletionStage<Long> counted = client.get("/big").send()
          .thenCompose(response -> count(response.body(), bytes));
      // doc:end
      assertThat(counted.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(100_000);
    }
  }

  // doc:count
  /** Reads a body to its end piece by piece: the socket is read only when we ask. */
  static CompletionStage<Long> count(Body body, AtomicLong bytes) {
    return body.read().thenCompose((Optional<ByteBuffer> piece) -> {
      if (piece.isEmpty()) {
        return CompletableFuture.completedStage(bytes.get());   // the end of the body
      }
      bytes.addAndGet(piece.get().remaining());                  // the piece is ours
      return count(body, bytes);                                 // ask for the next one
    });
  }
  // doc:end

  @Test
  void builderAndMiddleware() throws Exception {
    // doc:builder
    Client client = Client.builder()
        .baseUrl(base)
        .defaultHeader("Accept", "application/json")
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30))
        .pool(16, 1000, Duration.ofSeconds(20))             // per host:port
        .maxRedirects(3)
        .with(ClientMiddleware.logging())
        .with(ClientMiddleware.retry(3, Duration.ofMillis(100)))
        .with((request, next) -> next.run(request.withHeader("X-Trace", "42")))
        .build();
    // doc:end
    try (client) {
      assertThat(client.get("/todos/2").recvJson(Todo.class).toCompletableFuture()
          .get(5, TimeUnit.SECONDS).title()).isEqualTo("todo 2");
    }
  }

  @Test
  void https() {
    try (Client client = Client.builder().baseUrl(base).build()) {
      // doc:https
      assertThatThrownBy(() -> client.get("https://example.com/").recvString()
          .toCompletableFuture().get(5, TimeUnit.SECONDS))
          .cause().isInstanceOf(UnsupportedOperationException.class)
          .hasMessageStartingWith("TLS (https) is not supported yet");
      // doc:end
    }
  }
}
