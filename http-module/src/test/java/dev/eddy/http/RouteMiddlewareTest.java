package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route-level middleware guards the whole subtree of its route (security review #4): the routes
 * below it, whether made through the route, later through the app, or hidden by {@code nest} and
 * {@code serveDir}.
 */
class RouteMiddlewareTest {

  /** A middleware that refuses everything: what a failed authentication looks like. */
  static final Middleware<Void> DENY = (req, next) ->
      CompletableFuture.completedStage(Response.text(Status.UNAUTHORIZED, "auth required"));

  private static Response call(App<?> app, String target) throws Exception {
    return app.handle(Request.get(target)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void routeMiddlewareGuardsANestedApp() throws Exception {
    App<Void> admin = App.create();
    admin.at("/users").get(req -> "SECRET user list");
    admin.at("/users/:id").get(req -> "SECRET user " + req.param("id"));
    App<Void> app = App.create();
    app.at("/admin").with(DENY).nest(admin);

    assertThat(call(app, "/admin").status()).isEqualTo(401);
    assertThat(call(app, "/admin/users").status()).isEqualTo(401);
    assertThat(call(app, "/admin/users/7").status()).isEqualTo(401);
    assertThat(call(app, "/admin/nothing").status()).isEqualTo(401);
  }

  @Test
  void routeMiddlewareGuardsServedFiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("secret.txt"), "SECRET file");
    Files.writeString(dir.resolve("index.html"), "SECRET index");
    App<Void> app = App.create();
    app.at("/private").with(DENY).serveDir(dir);
    app.at("/files/*path").with(DENY).serveDir(dir);

    assertThat(call(app, "/private").status()).isEqualTo(401);
    assertThat(call(app, "/private/secret.txt").status()).isEqualTo(401);
    assertThat(call(app, "/files/secret.txt").status()).isEqualTo(401);
  }

  @Test
  void routeMiddlewareGuardsRoutesAddedBelowItLater() throws Exception {
    App<Void> app = App.create();
    Route<Void> api = app.at("/api").with(DENY);
    api.at("/through-the-route").get(req -> "SECRET 1");
    app.at("/api/through-the-app").get(req -> "SECRET 2");
    app.at("/api/:id/deeper/*rest").get(req -> "SECRET 3");
    app.at("/apix").get(req -> "public: a sibling, not below /api");
    app.at("/").get(req -> "public: above /api");

    assertThat(call(app, "/api/through-the-route").status()).isEqualTo(401);
    assertThat(call(app, "/api/through-the-app").status()).isEqualTo(401);
    assertThat(call(app, "/api/3/deeper/x/y").status()).isEqualTo(401);
    assertThat(call(app, "/apix").bodyString()).startsWith("public");
    assertThat(call(app, "/").bodyString()).startsWith("public");
  }

  @Test
  void aMethodNotAllowedBelowAGuardedRouteIsGuardedToo() throws Exception {
    App<Void> app = App.create();
    app.at("/admin").with(DENY);
    app.at("/admin/users").get(req -> "SECRET");

    Response r = app.handle(Request.builder("DELETE", "/admin/users")).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    assertThat(r.status()).isEqualTo(401); // not a 405 whose Allow header maps the routes
    assertThat(r.header("Allow")).isNull();
  }

  @Test
  void outerRouteMiddlewareRunsBeforeInnerInTheOrderAdded() throws Exception {
    List<String> ran = new ArrayList<>();
    App<Void> app = App.create();
    app.with(tag(ran, "app"));
    app.at("/a/b").with(tag(ran, "b1")).with(tag(ran, "b2")).get(req -> "ok");
    app.at("/a").with(tag(ran, "a"));

    assertThat(call(app, "/a/b").bodyString()).isEqualTo("ok");
    assertThat(ran).containsExactly("app", "a", "b1", "b2");
  }

  @Test
  void aBacktrackedMatchIsGuardedByItsOwnBranchOnly() throws Exception {
    App<Void> app = App.create();
    app.at("/a/b").with(DENY);
    app.at("/a/b/c").get(req -> "static");
    app.at("/a/:x/d").get(req -> "param " + req.param("x"));

    assertThat(call(app, "/a/b/c").status()).isEqualTo(401);
    // /a/b/d matches /a/:x/d, which is not below /a/b: the route that answers is not guarded
    assertThat(call(app, "/a/b/d").bodyString()).isEqualTo("param b");
  }

  private static Middleware<Void> tag(List<String> ran, String name) {
    return (req, next) -> {
      ran.add(name);
      return next.run(req);
    };
  }
}
