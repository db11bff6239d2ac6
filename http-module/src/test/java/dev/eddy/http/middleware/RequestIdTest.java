package dev.eddy.http.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.http.App;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestIdTest {

  private static Response call(App<?> app, Request.Builder r) throws Exception {
    return app.handle(r).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static App<Void> app() {
    App<Void> app = App.create();
    app.with(RequestId.create());
    app.at("/").get(req -> req.extension(RequestId.class).value() + "|" + RequestId.of(req));
    return app;
  }

  @Test
  void keepsASafeIncomingIdAndEchoesIt() throws Exception {
    Response r = call(app(), Request.get("/").header("x-request-id", "Edge.42_a-b"));
    assertThat(r.bodyString()).isEqualTo("Edge.42_a-b|Edge.42_a-b");
    assertThat(r.header("X-Request-Id")).isEqualTo("Edge.42_a-b");
  }

  @Test
  void generatesSixteenHexDigitsWhenNoneCame() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Response r = call(app(), Request.get("/"));
      String id = r.header("X-Request-Id");
      assertThat(id).matches("[0-9a-f]{16}");
      assertThat(r.bodyString()).isEqualTo(id + "|" + id);
      seen.add(id);
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void replacesUnsafeOrOverlongIds() throws Exception {
    for (String bad : new String[] {"", "a b", "x\u00e9", "id;drop", "%0d%0a", "a".repeat(129)}) {
      Response r = call(app(), Request.get("/").header("X-Request-Id", bad));
      assertThat(r.header("X-Request-Id")).as(bad).matches("[0-9a-f]{16}");
    }
    String longest = "a".repeat(RequestId.MAX_LENGTH);
    assertThat(call(app(), Request.get("/").header("X-Request-Id", longest))
        .header("X-Request-Id")).isEqualTo(longest);
  }

  @Test
  void usesAnotherHeaderWhenTold() throws Exception {
    App<Void> app = App.create();
    app.with(RequestId.create("X-Correlation-Id"));
    app.at("/").get(req -> RequestId.of(req));
    Response r = call(app, Request.get("/").header("X-Correlation-Id", "c1"));
    assertThat(r.bodyString()).isEqualTo("c1");
    assertThat(r.header("X-Correlation-Id")).isEqualTo("c1");
    assertThat(r.header("X-Request-Id")).isNull();
  }

  @Test
  void isNullWithoutTheMiddlewareAndRefusesUnsafeValues() throws Exception {
    App<Void> app = App.create();
    app.at("/").get(req -> String.valueOf(RequestId.of(req)));
    assertThat(call(app, Request.get("/")).bodyString()).isEqualTo("null");
    assertThatThrownBy(() -> new RequestId("a\nb")).isInstanceOf(IllegalArgumentException.class);
  }
}
