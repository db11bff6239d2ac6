package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole middleware and routing stack, in memory (tide's {@code respond}). */
class AppTest {

  record Todo(String title, boolean done) {}

  private static Response call(App<?> app, Request.Builder request) throws Exception {
    return app.handle(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void routesByStaticSegmentsThenParamsThenWildcards() throws Exception {
    App<Void> app = App.create();
    app.at("/users/me").get(req -> "me");
    app.at("/users/:id").get(req -> "user " + req.param("id"));
    app.at("/files/*path").get(req -> "file " + req.param("path"));

    assertThat(call(app, Request.get("/users/me")).bodyString()).isEqualTo("me");
    assertThat(call(app, Request.get("/users/42")).bodyString()).isEqualTo("user 42");
    assertThat(call(app, Request.get("/users/a%20b")).bodyString()).isEqualTo("user a b");
    assertThat(call(app, Request.get("/files/a/b/c.txt")).bodyString())
        .isEqualTo("file a/b/c.txt");
    assertThat(call(app, Request.get("/files")).bodyString()).isEqualTo("file ");
    assertThat(call(app, Request.get("/users/42/")).bodyString()).isEqualTo("user 42");
  }

  @Test
  void backtracksFromAStaticBranchWithoutAMatch() throws Exception {
    App<Void> app = App.create();
    app.at("/a/b/c").get(req -> "static");
    app.at("/a/:x/d").get(req -> "param " + req.param("x"));

    assertThat(call(app, Request.get("/a/b/d")).bodyString()).isEqualTo("param b");
    assertThat(call(app, Request.get("/a/b/c")).bodyString()).isEqualTo("static");
  }

  @Test
  void answers404And405WithAllowAnd501() throws Exception {
    App<Void> app = App.create();
    app.at("/thing").get(req -> "x").post(req -> "y");

    assertThat(call(app, Request.get("/nothing")).status()).isEqualTo(404);
    Response notAllowed = call(app, Request.builder("DELETE", "/thing"));
    assertThat(notAllowed.status()).isEqualTo(405);
    assertThat(notAllowed.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
    assertThat(call(app, Request.builder("BREW", "/thing")).status()).isEqualTo(501);
  }

  @Test
  void headFallsBackToGet() throws Exception {
    App<Void> app = App.create();
    app.at("/").get(req -> "root");
    assertThat(call(app, Request.builder("HEAD", "/")).status()).isEqualTo(200);
  }

  @Test
  void convertsEndpointResults() throws Exception {
    App<Void> app = App.create();
    app.at("/text").get(req -> "hi");
    app.at("/json").get(req -> new Todo("write", false));
    app.at("/none").get(req -> null);
    app.at("/bytes").get(req -> new byte[] {1, 2});
    app.at("/later").get(req -> CompletableFuture.supplyAsync(() -> "later"));
    app.at("/created").post(req -> Response.json(201, Map.of("id", 7)));

    Response text = call(app, Request.get("/text"));
    assertThat(text.header("Content-Type")).startsWith("text/plain");
    Response json = call(app, Request.get("/json"));
    assertThat(json.header("Content-Type")).isEqualTo("application/json");
    assertThat(json.bodyString()).isEqualTo("{\"title\":\"write\",\"done\":false}");
    assertThat(call(app, Request.get("/none")).status()).isEqualTo(204);
    assertThat(call(app, Request.get("/bytes")).bodyBytes()).containsExactly(1, 2);
    assertThat(call(app, Request.get("/later")).bodyString()).isEqualTo("later");
    assertThat(call(app, Request.post("/created")).status()).isEqualTo(201);
  }

  @Test
  void mapsErrorsToResponsesWithoutDetailsOnTheWire() throws Exception {
    App<Void> app = App.create();
    app.at("/teapot").get(req -> {
      throw new HttpError(418, "short and stout");
    });
    app.at("/bug").get(req -> {
      throw new IllegalStateException("secret internals");
    });
    app.at("/failed").get(req -> CompletableFuture.failedFuture(new RuntimeException("x")));

    Response teapot = call(app, Request.get("/teapot"));
    assertThat(teapot.status()).isEqualTo(418);
    assertThat(teapot.bodyString()).isEqualTo("short and stout");
    Response bug = call(app, Request.get("/bug"));
    assertThat(bug.status()).isEqualTo(500);
    assertThat(bug.bodyString()).doesNotContain("secret");
    assertThat(call(app, Request.get("/failed")).status()).isEqualTo(500);
  }

  @Test
  void runsMiddlewareInOrderAroundTheEndpoint() throws Exception {
    List<String> trace = new ArrayList<>();
    App<Void> app = App.create();
    app.with((req, next) -> {
      trace.add("app-before");
      return next.run(req).thenApply(res -> {
        trace.add("app-after " + res.status());
        return res.header("X-App", "1");
      });
    });
    app.at("/x").with((req, next) -> {
      trace.add("route");
      req.setExtension(String.class, "from-route");
      return next.run(req);
    }).get(req -> {
      trace.add("endpoint " + req.extension(String.class));
      throw HttpError.badRequest("no");
    });

    Response r = call(app, Request.get("/x"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("X-App")).isEqualTo("1");
    assertThat(trace).containsExactly("app-before", "route", "endpoint from-route",
        "app-after 400");
  }

  @Test
  void middlewareThatThrowsBecomesA500() throws Exception {
    App<Void> app = App.create();
    app.with((req, next) -> {
      throw new IllegalStateException("broken middleware");
    });
    app.at("/").get(req -> "never");
    assertThat(call(app, Request.get("/")).status()).isEqualTo(500);
  }

  @Test
  void nestsAnotherAppWithItsMiddlewareAndBothParams() throws Exception {
    App<Void> api = App.create();
    api.with((req, next) -> next.run(req).thenApply(r -> r.header("X-Api", "yes")));
    api.at("/users/:id").get(req -> req.param("version") + " " + req.param("id"));

    App<Void> app = App.create();
    app.at("/api/:version").nest(api);

    Response r = call(app, Request.get("/api/v2/users/9"));
    assertThat(r.bodyString()).isEqualTo("v2 9");
    assertThat(r.header("X-Api")).isEqualTo("yes");
    assertThat(call(app, Request.get("/api/v2/nothing")).status()).isEqualTo(404);
  }

  @Test
  void readsQueryHeadersCookiesAndState() throws Exception {
    record Paging(int page, int size) {}
    App<String> app = App.create("shared");
    app.at("/q").get(req -> req.query("a") + "," + req.queryAll("b") + "," + req.query("none")
        + "," + req.header("x-token") + "," + req.cookie("sid") + "," + req.state() + ","
        + req.query(Paging.class).size());

    Response r = call(app, Request.get("/q?a=1&b=x+y&b=%C3%A9&page=2&size=10")
        .header("X-Token", "t").header("Cookie", "sid=abc; theme=\"dark\""));
    assertThat(r.bodyString()).isEqualTo("1,[x y, é],null,t,abc,shared,10");
  }

  @Test
  void badPercentEncodingIsA400() throws Exception {
    App<Void> app = App.create();
    app.at("/:x").get(req -> req.param("x"));
    Response r = call(app, Request.get("/%zz"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).contains("%zz");
  }

  @Test
  void readsJsonAndFormBodies() throws Exception {
    App<Void> app = App.create();
    app.at("/todos").post(req -> req.bodyJson(Todo.class)
        .thenApply(t -> Response.json(201, new Todo(t.title().toUpperCase(), t.done()))));
    app.at("/form").post(req -> req.bodyForm().thenApply(f -> f.get("name").get(0)));

    Response created = call(app, Request.post("/todos").json(new Todo("milk", true)));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.bodyString()).isEqualTo("{\"title\":\"MILK\",\"done\":true}");

    Response bad = call(app, Request.post("/todos").body("{\"title\":").header("Content-Type",
        "application/json"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.bodyString()).startsWith("request body is not JSON: malformed JSON at line 1");

    Response form = call(app, Request.post("/form").body("name=Ada+L&x=1")
        .header("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(form.bodyString()).isEqualTo("Ada L");
    assertThat(call(app, Request.post("/form").body("name=x")).status()).isEqualTo(415);
  }

  @Test
  void answersWithAFileStreamedFromDisk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path notes = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "a file");
    App<Void> app = App.create();
    app.at("/notes").get(req -> Response.file(notes));
    app.at("/gone").get(req -> Response.file(dir.resolve("missing.txt")));

    Response r = call(app, Request.get("/notes"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/plain;charset=utf-8");
    assertThat(r.body().length()).isEqualTo(6);
    assertThat(r.body().string().toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo("a file");
    assertThat(call(app, Request.get("/gone")).status()).isEqualTo(404);
  }

  @Test
  void refusesMalformedRoutePatterns() {
    App<Void> app = App.create();
    assertThatThrownBy(() -> app.at("/a/*rest/b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("last segment");
    app.at("/u/:id");
    assertThatThrownBy(() -> app.at("/u/:name")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clashes");
    assertThatThrownBy(() -> app.at("/u/:")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildsCookiesAndRefusesHeaderInjection() {
    assertThat(Cookie.of("sid", "abc").withPath("/").withHttpOnly().withSameSite("Lax")
        .toHeaderValue()).isEqualTo("sid=abc; Path=/; HttpOnly; SameSite=Lax");
    assertThatThrownBy(() -> Cookie.of("sid", "a;b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cookie.of("sid", "a").withPath("/\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
