package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** JSON in and out of an app: the default mapper's modules, strictness and error messages. */
class JsonBodyTest {

  record Event(Instant at, LocalDate day, Duration took, Optional<String> note) {}

  record Counter(int count) {}

  record Flag(boolean on) {}

  record Tagged(String name, Counter inner) {}

  enum Color { RED, GREEN }

  record Paint(String name, Color color) {}

  record Paging(int limit) {}

  private static Response call(App<?> app, Request.Builder request) throws Exception {
    return app.handle(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static App<Void> echoCounter() {
    App<Void> app = App.create();
    app.at("/c").post(req -> req.bodyJson(Counter.class));
    app.at("/t").post(req -> req.bodyJson(Tagged.class));
    app.at("/f").post(req -> req.bodyJson(Flag.class));
    app.at("/p").post(req -> req.bodyJson(Paint.class));
    return app;
  }

  private static Request.Builder post(String path, String json) {
    return Request.post(path).header("Content-Type", "application/json")
        .body(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void javaTimeAndOptionalGoOutAsIsoTextAndComeBack() throws Exception {
    Event event = new Event(Instant.parse("2026-12-03T18:30:00Z"), LocalDate.of(2026, 12, 3),
        Duration.ofSeconds(90), Optional.of("hi"));
    App<Void> app = App.create();
    app.at("/e").get(req -> event);
    app.at("/e").post(req -> req.bodyJson(Event.class));

    Response out = call(app, Request.get("/e"));
    assertThat(out.status()).isEqualTo(200);
    assertThat(out.bodyString()).isEqualTo("{\"at\":\"2026-12-03T18:30:00Z\","
        + "\"day\":\"2026-12-03\","
        + "\"took\":\"PT1M30S\",\"note\":\"hi\"}");
    Response back = call(app, post("/e", out.bodyString()));
    assertThat(back.bodyString()).isEqualTo(out.bodyString());
    assertThat(call(app, post("/e", "{\"at\":null,\"day\":null,\"took\":null,\"note\":null}"))
        .bodyString()).contains("\"note\":null");
  }

  @Test
  void aDeclaredNonJsonContentTypeIs415() throws Exception {
    App<Void> app = echoCounter();
    Response text = call(app, Request.post("/c").header("Content-Type", "text/plain")
        .body("{\"count\":1}"));
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.bodyString()).isEqualTo(
        "Content-Type 'text/plain': expected application/json or application/*+json");
    Response form = call(app, Request.post("/c")
        .header("Content-Type", "application/x-www-form-urlencoded").body("count=1"));
    assertThat(form.status()).isEqualTo(415);
    assertThat(call(app, Request.post("/c").header("Content-Type", "application/jsonx")
        .body("{\"count\":1}")).status()).isEqualTo(415);
  }

  @Test
  void jsonTypesWithParametersAndSuffixesAndNoContentTypeAreRead() throws Exception {
    App<Void> app = echoCounter();
    for (String type : new String[] {"application/json", "Application/JSON; charset=utf-8",
        "application/problem+json", "application/vnd.example.v2+json;charset=UTF-8"}) {
      Response ok = call(app, Request.post("/c").header("Content-Type", type)
          .body("{\"count\":3}"));
      assertThat(ok.status()).as(type).isEqualTo(200);
      assertThat(ok.bodyString()).isEqualTo("{\"count\":3}");
    }
    Response none = call(app, Request.post("/c").body("{\"count\":4}"));
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.bodyString()).isEqualTo("{\"count\":4}");
  }

  @Test
  void aFractionIsNotTruncatedIntoAnInteger() throws Exception {
    Response r = call(echoCounter(), post("/c", "{\"count\":2.7}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).isEqualTo(
        "request body does not fit Counter: field 'count' = 2.7: expected an integer");
  }

  @Test
  void aStringIsNotCoercedIntoANumberOrABoolean() throws Exception {
    Response n = call(echoCounter(), post("/c", "{\"count\":\"2\"}"));
    assertThat(n.status()).isEqualTo(400);
    assertThat(n.bodyString()).isEqualTo(
        "request body does not fit Counter: field 'count' = \"2\": expected an integer");
    Response b = call(echoCounter(), post("/f", "{\"on\":\"true\"}"));
    assertThat(b.status()).isEqualTo(400);
    assertThat(b.bodyString()).isEqualTo(
        "request body does not fit Flag: field 'on' = \"true\": expected true or false");
  }

  @Test
  void nullIsNotZeroForAPrimitive() throws Exception {
    Response r = call(echoCounter(), post("/c", "{\"count\":null}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).isEqualTo(
        "request body does not fit Counter: field 'count' = null: expected an integer");
  }

  @Test
  void aMissingPrimitiveIsNotZero() throws Exception {
    Response r = call(echoCounter(), post("/c", "{}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).isEqualTo(
        "request body does not fit Counter: field 'count' is missing: expected an integer");
  }

  @Test
  void nestedFieldsAreNamedByTheirPath() throws Exception {
    Response r = call(echoCounter(), post("/t", "{\"name\":\"a\",\"inner\":{\"count\":true}}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).isEqualTo(
        "request body does not fit Tagged: field 'inner.count' = true: expected an integer");
  }

  @Test
  void aStringFieldTakesNoNumberAndAnEnumNoIndex() throws Exception {
    Response n = call(echoCounter(), post("/p", "{\"name\":5,\"color\":\"RED\"}"));
    assertThat(n.status()).isEqualTo(400);
    assertThat(n.bodyString()).isEqualTo(
        "request body does not fit Paint: field 'name' = 5: expected a string");
    Response e = call(echoCounter(), post("/p", "{\"name\":\"a\",\"color\":0}"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.bodyString()).isEqualTo(
        "request body does not fit Paint: field 'color' = 0: expected one of \"RED\", \"GREEN\"");
  }

  @Test
  void aQueryObjectNamesTheValueAndTheTypeToo() throws Exception {
    App<Void> app = App.create();
    app.at("/q").get(req -> req.query(Paging.class));
    Response r = call(app, Request.get("/q?limit=abc"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).isEqualTo(
        "query does not fit Paging: query parameter 'limit' = 'abc': expected an integer from"
            + " -2147483648 to 2147483647, such as 42");
  }

  @Test
  void aDuplicateKeyIsRefused() throws Exception {
    Response r = call(echoCounter(), post("/c", "{\"count\":1,\"count\":2}"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).isEqualTo(
        "request body does not fit Counter: duplicate field 'count'");
  }

  @Test
  void contentAfterTheValueIsRefused() throws Exception {
    Response value = call(echoCounter(), post("/c", "{\"count\":1} {\"count\":2}"));
    assertThat(value.status()).isEqualTo(400);
    assertThat(value.bodyString()).isEqualTo(
        "request body is not JSON: content after the JSON value at line 1, column 13");
    Response garbage = call(echoCounter(), post("/c", "{\"count\":1} x"));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.bodyString()).startsWith("request body is not JSON: malformed JSON at");
  }

  @Test
  void onlyMalformedJsonIsCalledNotJson() throws Exception {
    Response unknown = call(echoCounter(), post("/c", "{\"count\":1,\"cuont\":1}"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.bodyString()).isEqualTo(
        "request body does not fit Counter: unknown field 'cuont'");
    Response malformed = call(echoCounter(), post("/c", "{\"count\":"));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.bodyString())
        .isEqualTo("request body is not JSON: malformed JSON at line 1, column 10");
    Response empty = call(echoCounter(), post("/c", ""));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.bodyString()).isEqualTo("request body is not JSON: no JSON value");
  }
}
