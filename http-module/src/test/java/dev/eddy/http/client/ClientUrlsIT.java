package dev.eddy.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Response;
import dev.eddy.http.Server;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The newcomer's trial, F9: values in a URL, one failure mode for a bad URL, and {@code recvJson}
 * on an error status, against the Eddy server over loopback.
 */
class ClientUrlsIT {

  private Runtime serverRuntime;
  private Server server;
  private Client client;
  private String base;
  private final AtomicReference<String> lastTarget = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    serverRuntime = Runtime.builder().workers(1).build();
    App<Void> app = App.create();
    app.with((req, next) -> {
      lastTarget.set(req.target());
      return next.run(req);
    });
    app.at("/hello/:name").get(req -> Response.json(Map.of("hello", req.param("name"))));
    HttpServerConfig config = HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()));
    server = app.listen(serverRuntime, new InetSocketAddress("127.0.0.1", 0), config)
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.localAddress().getPort();
    client = Client.builder().baseUrl(base).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdown(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    serverRuntime.close();
  }

  @Test
  void aSpaceInTheUrlFailsTheStageAndDoesNotThrow() {
    AtomicReference<CompletionStage<String>> stage = new AtomicReference<>();
    assertThatCode(() -> stage.set(client.get("/hello/Slow box").recvString()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> get(stage.get())).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/hello/Slow box");
  }

  @Test
  void aNonAsciiLetterInTheUrlFailsTheStageTheSameWay() {
    AtomicReference<CompletionStage<String>> stage = new AtomicReference<>();
    assertThatCode(() -> stage.set(client.get("/hello/Caf\u00e9").recvString()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> get(stage.get())).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/hello/Caf\u00e9");
    assertThat(lastTarget.get()).as("nothing was sent").isNull();
  }

  @Test
  void recvJsonOnA404SaysTheStatusFirst() {
    assertThatThrownBy(() -> get(client.get("/nowhere").recvJson(Map.class)))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(HttpStatusException.class)
        .hasMessageStartingWith("404 Not Found from GET " + base + "/nowhere")
        .satisfies(e -> assertThat(((HttpStatusException) e).status()).isEqualTo(404));
  }

  @Test
  void aTemplateEncodesEachValueAsOnePathSegment() throws Exception {
    Map<?, ?> body = get(client.get("/hello/{name}", "Caf\u00e9 cr\u00e8me/1?x#y%").recvJson(
        Map.class));
    assertThat(lastTarget.get()).isEqualTo("/hello/Caf%C3%A9%20cr%C3%A8me%2F1%3Fx%23y%25");
    assertThat(body).isEqualTo(Map.of("hello", "Caf\u00e9 cr\u00e8me/1?x#y%"));
  }

  @Test
  void aTemplateValueCannotClimbOutOfThePath() throws Exception {
    assertThat(get(client.get("/hello/{name}", "..").recvJson(Map.class)))
        .isEqualTo(Map.of("hello", ".."));
    assertThat(lastTarget.get()).isEqualTo("/hello/%2E%2E");
  }

  @Test
  void aTemplateKeepsItsQueryAndTakesMoreWithQuery() throws Exception {
    get(client.get("/hello/{name}?a=1", "x y").query("q", "\u00e9 & co").recvJson(Map.class));
    assertThat(lastTarget.get()).isEqualTo("/hello/x%20y?a=1&q=%C3%A9+%26+co");
  }

  @Test
  void aTemplateWithTooFewOrTooManyValuesFailsTheStage() {
    assertThatThrownBy(() -> get(client.get("/hello/{name}").recvString()))
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a {name} placeholder needs its value");
    assertThatThrownBy(() -> get(client.get("/hello/{name}", "a", "b").recvString()))
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 1 placeholder(s) but 2 value(s)");
    assertThatThrownBy(() -> get(client.get("/hello/{name", "a").recvString()))
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not closed");
    assertThat(lastTarget.get()).as("nothing was sent").isNull();
  }

  @Test
  void pathSegmentAppendsAnEncodedSegment() throws Exception {
    Map<?, ?> body = get(client.get("/hello").pathSegment("Caf\u00e9 cr\u00e8me")
        .recvJson(Map.class));
    assertThat(lastTarget.get()).isEqualTo("/hello/Caf%C3%A9%20cr%C3%A8me");
    assertThat(body).isEqualTo(Map.of("hello", "Caf\u00e9 cr\u00e8me"));
  }

  @Test
  void errorForStatusAlsoSaysTheStatusFirst() {
    assertThatThrownBy(() -> get(client.get("/nowhere").errorForStatus().send()))
        .cause().isInstanceOf(HttpStatusException.class)
        .hasMessageStartingWith("404 Not Found from " + base + "/nowhere");
  }

  static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
