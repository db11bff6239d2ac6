package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.InvalidConfigException;
import dev.eddy.http.client.internal.ClientJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code eddy.http.json} and {@link JsonConfig#configure}: the ways to set the mapper. */
class JsonConfigTest {

  record Counter(int count) {}

  record Stamp(Instant at, int itemCount) {}

  private static JsonConfig parse(String keys) {
    return JsonConfig.from(EddyConfig.load(ConfigFactory.parseString(keys)));
  }

  @Test
  void theDefaultsAreStrictIsoAndRefuseUnknownFields() {
    assertThat(parse("")).isEqualTo(new JsonConfig(true, false, true));
    assertThat(JsonConfig.load()).isEqualTo(new JsonConfig(true, false, true));
  }

  @Test
  void eachKeyIsRead() {
    assertThat(parse("eddy.http.json { fail-on-unknown-properties = false, "
        + "write-dates-as-timestamps = true, strict = false }"))
        .isEqualTo(new JsonConfig(false, true, false));
  }

  @Test
  void aBadValueNamesItsKey() {
    assertThatThrownBy(() -> parse("eddy.http.json.strict = maybe"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.http.json.strict")
        .hasMessageContaining("maybe")
        .hasMessageContaining("true or false");
  }

  @Test
  void eachSwitchChangesTheMapper() throws Exception {
    JsonConfig defaults = new JsonConfig(true, false, true);
    ObjectMapper lenient = defaults.withStrict(false).newMapper();
    assertThat(lenient.readValue("{\"count\":2.7}", Counter.class)).isEqualTo(new Counter(2));
    assertThatThrownBy(() -> defaults.newMapper().readValue("{\"count\":2.7}", Counter.class))
        .hasMessageContaining("Floating-point");

    ObjectMapper tolerant = defaults.withFailOnUnknownProperties(false).newMapper();
    assertThat(tolerant.readValue("{\"count\":1,\"x\":2}", Counter.class))
        .isEqualTo(new Counter(1));

    Stamp stamp = new Stamp(Instant.ofEpochSecond(1_800_000_000L), 1);
    assertThat(defaults.withWriteDatesAsTimestamps(true).newMapper().writeValueAsString(stamp))
        .isEqualTo("{\"at\":1800000000.000000000,\"itemCount\":1}");
    assertThat(defaults.newMapper().writeValueAsString(stamp))
        .isEqualTo("{\"at\":\"2027-01-15T08:00:00Z\",\"itemCount\":1}");
  }

  @Test
  void configureChangesBodiesBothWaysAndTheClientsMapper() throws Exception {
    App<Void> app = App.create();
    app.at("/s").get(req -> new Stamp(Instant.parse("2026-12-03T18:30:00Z"), 3));
    app.at("/s").post(req -> req.bodyJson(Stamp.class).thenApply(s -> s.itemCount()));
    try {
      JsonConfig.configure(m -> m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));

      Response out = app.handle(Request.get("/s")).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(out.bodyString()).isEqualTo("{\"at\":\"2026-12-03T18:30:00Z\",\"item_count\":3}");
      Response in = app.handle(Request.post("/s").header("Content-Type", "application/json")
              .body("{\"at\":\"2026-12-03T18:30:00Z\",\"item_count\":5}"))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(in.bodyString()).isEqualTo("5");
      assertThat(new String(ClientJson.write(new Stamp(Instant.EPOCH, 1)),
          StandardCharsets.UTF_8)).isEqualTo("{\"at\":\"1970-01-01T00:00:00Z\",\"item_count\":1}");
      assertThat(ClientJson.read("{\"item_count\":2,\"more\":1}".getBytes(StandardCharsets.UTF_8),
          Stamp.class, "test")).isEqualTo(new Stamp(null, 2));
    } finally {
      JsonConfig.use(JsonConfig.load().newMapper());
    }
    Response restored = app.handle(Request.get("/s")).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertThat(restored.bodyString()).contains("\"itemCount\":3");
  }
}
