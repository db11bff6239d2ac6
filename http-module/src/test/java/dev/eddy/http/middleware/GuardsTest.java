package dev.eddy.http.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.http.App;
import dev.eddy.http.Body;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.runtime.Runtime;
import dev.eddy.sync.Channel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GuardsTest {

  private static Response call(App<?> app, Request.Builder r) throws Exception {
    return app.handle(r).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void timeoutAnswers503WhenTheHandlerIsLateAndDropsTheLateAnswer() throws Exception {
    CompletableFuture<Object> never = new CompletableFuture<>();
    App<Void> app = App.create();
    app.at("/slow").with(Guards.timeout(Duration.ofMillis(50))).get(req -> never);
    Response r = call(app, Request.get("/slow"));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.bodyString()).contains("did not answer within 50ms");
    never.complete("too late"); // nobody is listening any more; must not throw
  }

  @Test
  void timeoutPassesATimelyAnswerThrough() throws Exception {
    App<Void> app = App.create();
    app.with(Guards.timeout(Duration.ofSeconds(30)));
    app.at("/").get(req -> CompletableFuture.supplyAsync(() -> "fast"));
    Response r = call(app, Request.get("/"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyString()).isEqualTo("fast");
  }

  @Test
  void timeoutUsesTheRuntimeTimerOnAWorker() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(1).build()) {
      App<Void> app = App.create();
      app.with(Guards.timeout(Duration.ofMillis(50)));
      app.at("/slow").get(req -> new CompletableFuture<>());
      app.at("/ok").get(req -> runtime.timer().sleep(Duration.ofMillis(1)).thenApply(v -> "ok"));
      Response slow = runtime.blockOn(() -> runtime.spawnAsync(
          () -> app.handle(Request.get("/slow"))));
      Response ok = runtime.blockOn(() -> runtime.spawnAsync(() -> app.handle(Request.get("/ok"))));
      assertThat(slow.status()).isEqualTo(503);
      assertThat(ok.bodyString()).isEqualTo("ok");
    }
  }

  @Test
  void maxBodySizeRefusesADeclaredLengthOverTheLimitBeforeTheEndpoint() throws Exception {
    App<Void> app = App.create();
    app.at("/up").with(Guards.maxBodySize(4)).post(req -> {
      throw new AssertionError("the endpoint must not run");
    });
    app.at("/ok").with(Guards.maxBodySize(4)).post(req -> req.bodyString());
    Response r = call(app, Request.post("/up").body("12345"));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.bodyString()).contains("5 bytes").contains("limit of 4 bytes");
    assertThat(call(app, Request.post("/ok").body("1234")).bodyString()).isEqualTo("1234");
  }

  @Test
  void maxBodySizeFailsAStreamedBodyOnceItGoesPastTheLimit() throws Exception {
    App<Void> app = App.create();
    app.at("/up").with(Guards.maxBodySize(10)).post(req -> req.bodyBytes()
        .thenApply(b -> "read " + b.length));
    Response over = call(app, Request.post("/up").body(streamOf("123456", "789012")));
    assertThat(over.status()).isEqualTo(413);
    assertThat(over.bodyString()).contains("more than 10 bytes");
    Response exact = call(app, Request.post("/up").body(streamOf("12345", "67890")));
    assertThat(exact.bodyString()).isEqualTo("read 10");
  }

  @Test
  void refusesNonsenseLimits() {
    assertThatThrownBy(() -> Guards.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Guards.maxBodySize(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A body of unknown length (like a chunked upload) made of {@code pieces}. */
  private static Body streamOf(String... pieces) {
    Channel<ByteBuffer> ch = Channel.bounded(pieces.length);
    for (String p : pieces) {
      assertThat(ch.trySend(ByteBuffer.wrap(p.getBytes()))).isTrue();
    }
    ch.close();
    return Body.from(ch);
  }
}
