package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.http.internal.Json;
import dev.eddy.http.internal.Results;
import dev.eddy.http.middleware.LogCapture;
import dev.eddy.time.TimeoutExceededException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Error answers in memory: {@link App#onError} handlers (most specific class first, the app's own
 * refusals included), {@link App#problems()} bodies, and the default answers to a timeout (503)
 * and to cancelled work (no ERROR).
 */
class ErrorsTest {

  private static Response call(App<?> app, Request.Builder r) throws Exception {
    return app.handle(r).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonNode json(Response r) throws Exception {
    return Json.mapper().readTree(r.bodyBytes());
  }

  private static List<ILoggingEvent> errors(LogCapture log) {
    return log.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
  }

  static class OutOfStock extends IllegalStateException {
    OutOfStock(String message) {
      super(message);
    }
  }

  @Test
  void theHandlerOfTheMostSpecificClassAnswers() throws Exception {
    App<Void> app = App.create();
    app.onError(RuntimeException.class, (req, e) -> Response.text(500, "runtime"));
    app.onError(IllegalStateException.class, (req, e) -> Response.text(409, "state: "
        + e.getMessage()));
    app.at("/sync").get(req -> {
      throw new OutOfStock("3 left");
    });
    app.at("/async").get(req -> CompletableFuture.failedFuture(new OutOfStock("none left")));
    app.at("/other").get(req -> {
      throw new IllegalArgumentException("x");
    });

    Response sync = call(app, Request.get("/sync"));
    assertThat(sync.status()).isEqualTo(409);
    assertThat(sync.bodyString()).isEqualTo("state: 3 left");
    assertThat(call(app, Request.get("/async")).bodyString()).isEqualTo("state: none left");
    assertThat(call(app, Request.get("/other")).bodyString()).isEqualTo("runtime");
  }

  @Test
  void handlersSeeTheAppsOwnRefusalsAndMiddlewareFailures() throws Exception {
    App<Void> app = App.create();
    app.onError(HttpError.class, (req, e) -> Response.text(e.status(),
        "mine " + e.status() + " " + req.method()).header("Allow",
        e.headers().getOrDefault("Allow", "-")));
    app.at("/thing").get(req -> "thing").with((req, next) -> {
      if (req.header("X-Deny") != null) {
        throw HttpError.badRequest("denied");
      }
      return next.run(req);
    });

    Response missing = call(app, Request.get("/nope"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.bodyString()).isEqualTo("mine 404 GET");
    Response notAllowed = call(app, Request.builder("PUT", "/thing"));
    assertThat(notAllowed.status()).isEqualTo(405);
    assertThat(notAllowed.header("Allow")).contains("GET");
    assertThat(call(app, Request.get("/thing").header("X-Deny", "1")).bodyString())
        .isEqualTo("mine 400 GET");
  }

  @Test
  void aFailingHandlerIsA500() throws Exception {
    App<Void> app = App.create();
    app.onError(IllegalStateException.class, (req, e) -> {
      throw new IllegalArgumentException("handler bug");
    });
    app.at("/").get(req -> {
      throw new IllegalStateException("x");
    });
    try (LogCapture log = new LogCapture(Results.class.getName())) {
      Response r = call(app, Request.get("/"));
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.bodyString()).isEqualTo("Internal Server Error");
      assertThat(errors(log)).hasSize(1);
    }
  }

  @Test
  void problemsMakesEveryErrorAnswerAProblem() throws Exception {
    App<Void> app = App.create().problems();
    app.at("/items/:id").get(req -> {
      throw HttpError.notFound("no item with id " + req.param("id"));
    });
    app.at("/boom").get(req -> {
      throw new IllegalStateException("database password is hunter2");
    });

    Response notFound = call(app, Request.get("/items/7"));
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    assertThat(notFound.bodyString()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\","
        + "\"status\":404,\"detail\":\"no item with id 7\"}");
    // The router's own 404 says nothing the title does not: no detail.
    assertThat(call(app, Request.get("/nope")).bodyString()).isEqualTo(
        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}");
    Response notAllowed = call(app, Request.builder("DELETE", "/items/7"));
    assertThat(json(notAllowed).get("detail").asText()).contains("DELETE");
    assertThat(notAllowed.header("Allow")).contains("GET");
    try (LogCapture log = new LogCapture(Results.class.getName())) {
      Response boom = call(app, Request.get("/boom"));
      assertThat(boom.status()).isEqualTo(500);
      assertThat(boom.bodyString()).isEqualTo(
          "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}");
      assertThat(errors(log)).hasSize(1);
    }
  }

  @Test
  void aProblemCarriesItsTypeInstanceAndExtensionMembers() throws Exception {
    App<Void> app = App.create();
    app.at("/orders").post(req -> {
      throw new HttpError(Problem.of(400, "the order has 2 invalid fields")
          .withType("https://example.com/probs/invalid-order", "Invalid order")
          .withInstance("/orders/attempts/41")
          .withErrors(List.of(Problem.FieldError.of("qty", "is -1: expected 1 or more"),
              Problem.FieldError.of("a/b~c", "is required"))));
    });
    Response r = call(app, Request.post("/orders"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    assertThat(new String(r.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("{"
        + "\"type\":\"https://example.com/probs/invalid-order\",\"title\":\"Invalid order\","
        + "\"status\":400,\"detail\":\"the order has 2 invalid fields\","
        + "\"instance\":\"/orders/attempts/41\",\"errors\":["
        + "{\"pointer\":\"#/qty\",\"detail\":\"is -1: expected 1 or more\"},"
        + "{\"pointer\":\"#/a~1b~0c\",\"detail\":\"is required\"}]}");
  }

  @Test
  void anAskTimeoutIs503WithoutAnError() throws Exception {
    App<Void> app = App.create();
    app.at("/ask").get(req -> CompletableFuture.failedFuture(new TimeoutExceededException(
        "ask to eddy://t/user/deaf", Duration.ofSeconds(1))));
    try (LogCapture log = new LogCapture(Results.class.getName())) {
      Response r = call(app, Request.get("/ask"));
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.bodyString()).doesNotContain("eddy://");
      assertThat(errors(log)).isEmpty();
    }
  }

  @Test
  void workCancelledUnderARequestIsNoError() throws Exception {
    App<Void> app = App.create();
    app.at("/slow").get(req -> CompletableFuture.failedFuture(
        new CancellationException("timer closed")));
    try (LogCapture log = new LogCapture(Results.class.getName())) {
      Response r = call(app, Request.get("/slow"));
      assertThat(r.status()).isEqualTo(503);
      assertThat(log.events()).isEmpty();
    }
  }
}
