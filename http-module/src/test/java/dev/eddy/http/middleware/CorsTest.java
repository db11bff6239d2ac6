package dev.eddy.http.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.http.App;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CorsTest {

  private final AtomicInteger endpointCalls = new AtomicInteger();

  private static Response call(App<?> app, Request.Builder r) throws Exception {
    return app.handle(r).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private App<Void> app(Cors policy) {
    App<Void> app = App.create();
    app.with(policy.build());
    app.at("/todos").get(req -> {
      endpointCalls.incrementAndGet();
      return Response.text("list").header("Vary", "Accept-Encoding");
    }).delete(req -> "deleted");
    return app;
  }

  private static Request.Builder preflight(String origin, String method) {
    return Request.builder("OPTIONS", "/todos").header("Origin", origin)
        .header("Access-Control-Request-Method", method);
  }

  @Test
  void answersAnAllowedPreflightBeforeRoutingWith204() throws Exception {
    App<Void> app = app(Cors.allowOrigins("https://a.example", "https://b.example")
        .allowMethods("GET", "DELETE").allowHeaders("Content-Type", "X-Token")
        .allowCredentials().maxAge(Duration.ofMinutes(10)));
    Response r = call(app, preflight("https://b.example", "DELETE")
        .header("Access-Control-Request-Headers", "content-type, x-token"));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://b.example");
    assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("GET, DELETE");
    assertThat(r.header("Access-Control-Allow-Headers")).isEqualTo("content-type, x-token");
    assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(r.header("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(r.header("Vary"))
        .isEqualTo("Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
    assertThat(endpointCalls).hasValue(0);
    // Without the middleware the app answers OPTIONS itself, with no CORS headers: the browser
    // refuses the cross-origin call.
    App<Void> bare = App.create();
    bare.at("/todos").get(req -> "list");
    Response plain = call(bare, preflight("https://b.example", "GET"));
    assertThat(plain.status()).isEqualTo(204);
    assertThat(plain.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void refusesPreflightsForOtherOriginsMethodsOrHeadersWithoutCorsHeaders() throws Exception {
    App<Void> app = app(Cors.allowOrigins("https://a.example").allowHeaders("Content-Type"));
    Response badOrigin = call(app, preflight("https://evil.example", "GET"));
    Response badMethod = call(app, preflight("https://a.example", "DELETE"));
    Response badHeader = call(app, preflight("https://a.example", "GET")
        .header("Access-Control-Request-Headers", "Content-Type, X-Secret"));
    for (Response r : new Response[] {badOrigin, badMethod, badHeader}) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.header("Access-Control-Allow-Origin")).isNull();
      assertThat(r.header("Access-Control-Allow-Methods")).isNull();
    }
    assertThat(badOrigin.bodyString()).contains("origin https://evil.example");
    assertThat(badMethod.bodyString()).contains("method DELETE");
    assertThat(badHeader.bodyString()).contains("x-secret");
  }

  @Test
  void addsAllowOriginAndVaryToResponsesForAllowedOrigins() throws Exception {
    App<Void> app = app(Cors.allowOrigins("https://a.example").exposeHeaders("X-Request-Id"));
    Response r = call(app, Request.get("/todos").header("Origin", "HTTPS://A.example"));
    assertThat(r.bodyString()).isEqualTo("list");
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("HTTPS://A.example");
    assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo("X-Request-Id");
    assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    assertThat(r.header("Vary")).isEqualTo("Accept-Encoding, Origin");
  }

  @Test
  void leavesCorsHeadersOffForOtherOriginsButStillVaries() throws Exception {
    App<Void> app = app(Cors.allowOrigins("https://a.example"));
    Response other = call(app, Request.get("/todos").header("Origin", "https://evil.example"));
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    assertThat(other.header("Vary")).isEqualTo("Accept-Encoding, Origin");
    Response sameOrigin = call(app, Request.get("/todos"));
    assertThat(sameOrigin.header("Access-Control-Allow-Origin")).isNull();
    assertThat(endpointCalls).hasValue(2);
  }

  @Test
  void anyOriginSendsAStarUnlessCredentialsAreAllowedUnsafely() throws Exception {
    Response star = call(app(Cors.allowAnyOrigin()),
        Request.get("/todos").header("Origin", "https://x.example"));
    assertThat(star.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(star.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(call(app(Cors.allowAnyOrigin()), Request.get("/todos").header("Origin", "null"))
        .header("Access-Control-Allow-Origin")).isEqualTo("*"); // no credentials: harmless
    App<Void> unsafe = app(Cors.allowAnyOriginWithCredentialsUnsafe());
    Response echoed = call(unsafe, Request.get("/todos").header("Origin", "https://x.example"));
    assertThat(echoed.header("Access-Control-Allow-Origin")).isEqualTo("https://x.example");
    assertThat(echoed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    Response nullOrigin = call(unsafe, Request.get("/todos").header("Origin", "null"));
    assertThat(nullOrigin.header("Access-Control-Allow-Origin")).isNull();
    assertThat(nullOrigin.header("Access-Control-Allow-Credentials")).isNull();
    Response anyHeader = call(app(Cors.allowAnyOrigin().allowAnyHeader()),
        preflight("https://x.example", "POST")
            .header("Access-Control-Request-Headers", "x-whatever"));
    assertThat(anyHeader.status()).isEqualTo(204);
    assertThat(anyHeader.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(anyHeader.header("Access-Control-Allow-Headers")).isEqualTo("x-whatever");
  }

  @Test
  void plainOptionsRequestsStillReachTheRouter() throws Exception {
    App<Void> app = app(Cors.allowAnyOrigin());
    Response r = call(app, Request.builder("OPTIONS", "/todos").header("Origin", "https://x.y"));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Allow")).isEqualTo("DELETE, GET, HEAD, OPTIONS");
  }

  @Test
  void refusesValuesThatAreNotOrigins() {
    for (String bad : new String[] {"https://a.example/", "*", "a.example", "https://a.example/x",
        "https:// a"}) {
      assertThatThrownBy(() -> Cors.allowOrigins(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(Cors::allowOrigins).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cors.allowAnyOrigin().allowMethods("GET, PUT"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anyOriginWithCredentialsIsRefusedAtBuildTime() {
    Cors policy = Cors.allowAnyOrigin().allowCredentials();

    assertThatThrownBy(policy::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allowOrigins(")
        .hasMessageContaining("allowAnyOriginWithCredentialsUnsafe()");
  }

  @Test
  void theNullOriginIsRefusedUnlessOptedIn() throws Exception {
    assertThatThrownBy(() -> Cors.allowOrigins("https://a.example", "null"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowNullOriginUnsafe()");
    Response listed = call(app(Cors.allowOrigins("https://a.example").allowCredentials()),
        Request.get("/todos").header("Origin", "null"));
    assertThat(listed.header("Access-Control-Allow-Origin")).isNull();

    Response optedIn = call(app(Cors.allowOrigins("https://a.example").allowCredentials()
        .allowNullOriginUnsafe()), Request.get("/todos").header("Origin", "null"));
    assertThat(optedIn.header("Access-Control-Allow-Origin")).isEqualTo("null");
    assertThat(optedIn.header("Access-Control-Allow-Credentials")).isEqualTo("true");
  }

  @Test
  void preflightAnswersVaryOnTheRequestedMethodAndHeaders() throws Exception {
    Response yes = call(app(Cors.allowAnyOrigin().allowAnyHeader()),
        preflight("https://x.example", "POST").header("Access-Control-Request-Headers", "x-a"));
    Response no = call(app(Cors.allowOrigins("https://a.example")),
        preflight("https://a.example", "PATCH"));

    assertThat(yes.status()).isEqualTo(204);
    assertThat(yes.header("Vary"))
        .isEqualTo("Access-Control-Request-Headers, Access-Control-Request-Method");
    assertThat(no.status()).isEqualTo(403);
    assertThat(no.header("Vary"))
        .isEqualTo("Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
  }
}
