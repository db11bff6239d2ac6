package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.http.middleware.Cors;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The newcomer's routing dead ends (issue 12, F5 and OPTIONS): typed parameters that answer 400
 * naming the value, foreign pattern syntax and duplicate endpoints refused when routes are built,
 * and OPTIONS answered from the route table.
 */
class RoutingTest {

  enum Colour { RED, GREEN }

  record Paging(int limit, int offset) {}

  private static Response call(App<?> app, Request.Builder request) throws Exception {
    return app.handle(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  // ---- typed path and query parameters ----------------------------------------------------

  @Test
  void typedPathParametersConvertOrAnswer400NamingTheValueAndType() throws Exception {
    App<Void> app = App.create();
    app.at("/items/:id").get(req -> "item " + (req.paramLong("id") + 1));
    app.at("/pages/:n").get(req -> "page " + req.paramInt("n"));
    app.at("/users/:uid").get(req -> "user " + req.param("uid", UUID.class));
    app.at("/colours/:c").get(req -> "colour " + req.param("c", Colour.class).ordinal());

    assertThat(call(app, Request.get("/items/41")).bodyString()).isEqualTo("item 42");
    Response abc = call(app, Request.get("/items/abc"));
    assertThat(abc.status()).isEqualTo(400);
    assertThat(abc.bodyString())
        .isEqualTo("path parameter 'id' = 'abc': expected an integer such as 42");
    Response big = call(app, Request.get("/pages/99999999999"));
    assertThat(big.status()).isEqualTo(400);
    assertThat(big.bodyString()).contains("'n' = '99999999999'").contains("2147483647");
    UUID uid = UUID.randomUUID();
    assertThat(call(app, Request.get("/users/" + uid)).bodyString()).isEqualTo("user " + uid);
    assertThat(call(app, Request.get("/users/nope")).bodyString())
        .startsWith("path parameter 'uid' = 'nope': expected a UUID");
    assertThat(call(app, Request.get("/colours/green")).bodyString()).isEqualTo("colour 1");
    assertThat(call(app, Request.get("/colours/blue")).bodyString())
        .isEqualTo("path parameter 'c' = 'blue': expected one of [RED, GREEN]");
  }

  @Test
  void aLongRefusedValueIsCutShortInTheMessage() throws Exception {
    App<Void> app = App.create();
    app.at("/items/:id").get(req -> req.paramLong("id"));
    Response r = call(app, Request.get("/items/" + "x".repeat(500)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).contains("x".repeat(64) + "...'").doesNotContain("x".repeat(65));
  }

  @Test
  void anUnsupportedParameterTypeIsTheAppsBugNotTheClients() throws Exception {
    App<Void> app = App.create();
    app.at("/items/:id").get(req -> req.param("id", java.time.Instant.class));
    assertThat(call(app, Request.get("/items/1")).status()).isEqualTo(500);
  }

  @Test
  void typedQueryParametersAreEmptyWhenAbsentAnd400WhenMalformed() throws Exception {
    App<Void> app = App.create();
    app.at("/list").get(req -> "limit " + req.queryInt("limit").orElse(20)
        + " after " + req.queryLong("after").orElse(-1)
        + " colour " + req.query("colour", Colour.class).map(Enum::name).orElse("any"));

    assertThat(call(app, Request.get("/list")).bodyString())
        .isEqualTo("limit 20 after -1 colour any");
    assertThat(call(app, Request.get("/list?limit=5&after=7&colour=RED")).bodyString())
        .isEqualTo("limit 5 after 7 colour RED");
    Response bad = call(app, Request.get("/list?limit=ten"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.bodyString()).startsWith("query parameter 'limit' = 'ten': expected an integer");
    Response empty = call(app, Request.get("/list?after="));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.bodyString())
        .isEqualTo("query parameter 'after' = '': expected an integer such as 42");
  }

  @Test
  void aQueryObjectThatDoesNotFitNamesTheFieldTheValueAndTheType() throws Exception {
    App<Void> app = App.create();
    app.at("/todos").get(req -> {
      Paging p = req.query(Paging.class);
      return p.limit() + "/" + p.offset();
    });
    assertThat(call(app, Request.get("/todos?limit=10&offset=20")).bodyString())
        .isEqualTo("10/20");
    Response bad = call(app, Request.get("/todos?limit=ten&offset=0"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.bodyString()).isEqualTo("query does not fit Paging: "
        + "query parameter 'limit' = 'ten': expected an integer from -2147483648 to 2147483647, "
        + "such as 42");
  }

  record Filter(int limit, Integer after) {}

  @Test
  void aQueryObjectWithAMissingPrimitiveFieldIsA400NotAZero() throws Exception {
    App<Void> app = App.create();
    app.at("/todos").get(req -> {
      Filter f = req.query(Filter.class);
      return f.limit() + " after " + f.after();
    });
    assertThat(call(app, Request.get("/todos?limit=3")).bodyString()).isEqualTo("3 after null");
    Response missing = call(app, Request.get("/todos?after=2"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.bodyString())
        .isEqualTo("query does not fit Filter: query parameter 'limit' is missing");
  }

  // ---- patterns and registrations ---------------------------------------------------------

  @Test
  void foreignParameterSyntaxIsRefusedWithTheEddySpelling() {
    App<Void> app = App.create();
    assertThatThrownBy(() -> app.at("/items/{id}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("route '/items/{id}': write ':id' for a path parameter");
    assertThatThrownBy(() -> app.at("/items/<id>/parts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("route '/items/<id>/parts': write ':id' for a path parameter");
    assertThatThrownBy(() -> app.at("/api").at("/files/{path...}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'{path...}'");
  }

  @Test
  void aSecondEndpointForTheSameRouteAndMethodIsRefused() throws Exception {
    App<Void> app = App.create();
    app.at("/dup").get(req -> "first").post(req -> "post");
    assertThatThrownBy(() -> app.at("/dup/").get(req -> "second"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route '/dup': GET has an endpoint already; a second one for GET /dup would "
            + "replace it");
    app.at("/any").all(req -> "any");
    assertThatThrownBy(() -> app.at("/any").all(req -> "again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("every method");
    assertThat(call(app, Request.get("/dup")).bodyString()).isEqualTo("first");
  }

  // ---- OPTIONS ------------------------------------------------------------------------------

  @Test
  void optionsIsAnsweredWithAllowForAnyRouteThatExists() throws Exception {
    App<Void> app = App.create();
    app.at("/todos").get(req -> "list").post(req -> "made");

    Response options = call(app, Request.builder("OPTIONS", "/todos"));
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
    Response notAllowed = call(app, Request.builder("DELETE", "/todos"));
    assertThat(notAllowed.status()).isEqualTo(405);
    assertThat(notAllowed.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
    assertThat(call(app, Request.builder("OPTIONS", "/nothing")).status()).isEqualTo(404);
  }

  @Test
  void anOptionsEndpointOfTheAppOrACorsPreflightAnswerWins() throws Exception {
    App<Void> app = App.create();
    app.at("/own").get(req -> "x").options(req -> Response.text("my options"));
    app.at("/cors").with(Cors.allowAnyOrigin().build()).get(req -> "x");

    assertThat(call(app, Request.builder("OPTIONS", "/own")).bodyString()).isEqualTo("my options");
    Response preflight = call(app, Request.builder("OPTIONS", "/cors")
        .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET"));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
  }
}
