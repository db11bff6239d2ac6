package dev.eddy.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.Settings;
import dev.eddy.http.internal.Json;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The JSON settings of this process, read from {@code eddy.http.json} (see {@code reference.conf}
 * of {@code eddy-http}), and the supported way to configure or replace the Jackson {@link
 * ObjectMapper} behind {@link Request#bodyJson}, {@link Response#json}, values returned from an
 * endpoint, {@link Request.Builder#json} and the client's JSON bodies.
 *
 * <p>Every mapper made here registers Jackson's Java time module ({@code Instant}, {@code
 * LocalDate}, {@code Duration}... as ISO-8601 text) and JDK 8 module ({@code Optional}). With
 * {@code strict} (the default) a request body must match its type as a schema validator would
 * require: no fraction truncated into an integer, no string read as a number or boolean, no
 * {@code null} for a primitive, no number for an enum, no duplicate field, nothing after the
 * value.
 *
 * <p>There is one mapper per process, not per {@link App}: {@link Response#json} and {@link
 * Request.Builder#json} are static factories that know no app, and both directions must agree
 * (Vert.x's {@code DatabindCodec.mapper()} is process-wide for the same reason). Configure it at
 * start-up, before serving:
 *
 * <pre>{@code
 * JsonConfig.configure(mapper ->
 *     mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
 * }</pre>
 *
 * <p>Thread-safety: the record is immutable; {@link #configure} and {@link #use} publish the new
 * mapper atomically (a request already reading its body finishes with the old one), but a mapper
 * handed to {@link #use} must not be changed afterwards, as Jackson requires.
 *
 * @param failOnUnknownProperties a request body field the type does not have is a 400 (the
 *     client ignores unknown fields in any case)
 * @param writeDatesAsTimestamps dates and times go out as numbers instead of ISO-8601 text
 * @param strict the strict reading described above; {@code false} gives Jackson's lenient
 *     defaults
 */
public record JsonConfig(
    boolean failOnUnknownProperties,
    boolean writeDatesAsTimestamps,
    boolean strict) {

  /** The settings of this process: {@code reference.conf}, {@code application.conf}, env, props. */
  public static JsonConfig load() {
    return from(EddyConfig.load());
  }

  /**
   * Reads and validates {@code eddy.http.json} from {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key
   */
  public static JsonConfig from(Config config) {
    Settings s = new Settings(config, "eddy.http.json");
    return new JsonConfig(s.bool("fail-on-unknown-properties"),
        s.bool("write-dates-as-timestamps"), s.bool("strict"));
  }

  /** A copy with {@code failOnUnknownProperties} changed. */
  public JsonConfig withFailOnUnknownProperties(boolean fail) {
    return new JsonConfig(fail, writeDatesAsTimestamps, strict);
  }

  /** A copy with {@code writeDatesAsTimestamps} changed. */
  public JsonConfig withWriteDatesAsTimestamps(boolean timestamps) {
    return new JsonConfig(failOnUnknownProperties, timestamps, strict);
  }

  /** A copy with {@code strict} changed. */
  public JsonConfig withStrict(boolean strictReading) {
    return new JsonConfig(failOnUnknownProperties, writeDatesAsTimestamps, strictReading);
  }

  /** A new mapper with these settings and the Java time and {@code Optional} modules. */
  public ObjectMapper newMapper() {
    return Json.newMapper(this);
  }

  /**
   * Replaces the process's mapper with one made from {@link #load()} and then changed by {@code
   * customizer} (register a module, set a naming strategy...). Each call starts again from the
   * settings, so calling it twice does not stack the changes.
   *
   * @throws dev.eddy.config.InvalidConfigException if {@code eddy.http.json} is invalid
   */
  public static void configure(Consumer<ObjectMapper> customizer) {
    Objects.requireNonNull(customizer, "customizer");
    ObjectMapper mapper = load().newMapper();
    customizer.accept(mapper);
    use(mapper);
  }

  /**
   * Makes {@code mapper} the process's mapper from now on, as is (Javalin's {@code jsonMapper}):
   * it gets none of the defaults above unless it was made by {@link #newMapper()}.
   */
  public static void use(ObjectMapper mapper) {
    Json.use(Objects.requireNonNull(mapper, "mapper"));
  }

  /** The mapper in use (do not reconfigure it: {@link #configure} makes a new one). */
  public static ObjectMapper mapper() {
    return Json.mapper();
  }
}
