package dev.eddy.http.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.eddy.http.JsonConfig;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The Jackson mappers of the HTTP layer, and client-safe descriptions of what Jackson refused.
 *
 * <p>{@link #mapper()} reads and writes bodies: made from {@code eddy.http.json} on first use,
 * replaced through {@link JsonConfig#configure} or {@link JsonConfig#use} (a volatile swap of an
 * immutable pair, so readers see the mapper and its client copy together). The client's copy
 * ignores unknown properties (a client reads an API that may grow fields); query objects ignore
 * them too (other parameters are common in a query) and keep Jackson's lenient coercions, as every
 * query value is a string.
 *
 * <p>{@link #describe} names the field by its path, the value and the JSON type expected, and
 * {@link #malformed} tells malformed JSON apart from valid JSON of the wrong shape. Thread-safe.
 */
public final class Json {

  private Json() {}

  private record Mappers(ObjectMapper bodies, ObjectMapper client) {
    static Mappers of(ObjectMapper bodies) {
      return new Mappers(bodies,
          bodies.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    }
  }

  private static volatile Mappers mappers;

  /** Query parameters into objects. */
  public static final ObjectMapper QUERY = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new Jdk8Module())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The mapper of request and response bodies. */
  public static ObjectMapper mapper() {
    return mappers().bodies();
  }

  /** The mapper of the client's bodies: {@link #mapper()} that ignores unknown properties. */
  public static ObjectMapper clientMapper() {
    return mappers().client();
  }

  /** Makes {@code mapper} the one of bodies from now on. */
  public static void use(ObjectMapper mapper) {
    mappers = Mappers.of(mapper);
  }

  private static Mappers mappers() {
    Mappers m = mappers;
    if (m == null) {
      synchronized (Json.class) {
        m = mappers;
        if (m == null) {
          m = Mappers.of(newMapper(JsonConfig.load()));
          mappers = m;
        }
      }
    }
    return m;
  }

  /** A new mapper of {@code config}, with the Java time and JDK 8 modules. */
  public static ObjectMapper newMapper(JsonConfig config) {
    ObjectMapper m = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, config.writeDatesAsTimestamps())
        .configure(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS,
            config.writeDatesAsTimestamps())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
            config.failOnUnknownProperties());
    if (config.strict()) {
      m.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true)
          .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
          .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
      for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float,
          LogicalType.Boolean}) {
        m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
      }
      m.coercionConfigFor(LogicalType.Boolean)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
      m.coercionConfigFor(LogicalType.Textual)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    return m;
  }

  /**
   * Whether Jackson refused {@code e}'s input as JSON (bad syntax, no value, content after the
   * value), not as a value of the wrong shape.
   */
  public static boolean malformed(Throwable e) {
    if (e instanceof IllegalArgumentException && e.getCause() != null) {
      return malformed(e.getCause());
    }
    if (e instanceof JsonParseException p) {
      return !isDuplicate(p);
    }
    if (e instanceof MismatchedInputException m && m.getOriginalMessage() != null) {
      return m.getOriginalMessage().startsWith("No content")
          || m.getOriginalMessage().startsWith("Trailing token");
    }
    return e instanceof JsonProcessingException && !(e instanceof JsonMappingException);
  }

  /**
   * What was wrong, for the client: the field path, the value and the type expected, without Java
   * class names or other internals, e.g. {@code field 'count' = 2.7: expected an integer}.
   */
  public static String describe(Throwable e) {
    if (e instanceof JsonParseException p) {
      if (isDuplicate(p)) {
        return "d" + p.getOriginalMessage().substring(1);
      }
      return "malformed JSON" + at(p);
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String path = path(u);
      return "unknown field '" + (path.isEmpty() ? u.getPropertyName() : path) + "'";
    }
    if (e instanceof MismatchedInputException m) {
      String message = m.getOriginalMessage() == null ? "" : m.getOriginalMessage();
      if (message.startsWith("No content")) {
        return "no JSON value";
      }
      if (message.startsWith("Trailing token")) {
        return "content after the JSON value" + at(m);
      }
      String path = path(m);
      String value = m instanceof InvalidFormatException f ? show(f.getValue()) : current(m);
      String expected = m.getTargetType() == null ? "a value of another type or form"
          : expected(m.getTargetType());
      String where = path.isEmpty() ? "the body" : "field '" + path + "'";
      if (value == null && m.getProcessor() instanceof JsonParser p
          && p.currentToken() == JsonToken.END_OBJECT && !path.isEmpty()) {
        return where + " is missing: expected " + expected; // a primitive with no value
      }
      return where + (value == null ? "" : " = " + value) + ": expected " + expected;
    }
    if (e instanceof JsonMappingException m) {
      String path = path(m);
      String what = "a value of the wrong type or form";
      return path.isEmpty() ? what : "field '" + path + "': " + what;
    }
    if (e instanceof JsonProcessingException) {
      return "malformed JSON";
    }
    if (e instanceof IllegalArgumentException && e.getCause() != null) {
      return describe(e.getCause()); // convertValue wraps the mapping exception
    }
    return "unreadable value";
  }

  private static boolean isDuplicate(JsonParseException p) {
    return p.getOriginalMessage() != null && p.getOriginalMessage().startsWith("Duplicate field");
  }

  private static String at(JsonProcessingException p) {
    return p.getLocation() == null ? "" : " at line " + p.getLocation().getLineNr()
        + ", column " + p.getLocation().getColumnNr();
  }

  private static String path(JsonMappingException m) {
    return m.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  /** The JSON value the parser stands on, shortened; null if not known. */
  private static String current(MismatchedInputException m) {
    if (!(m.getProcessor() instanceof JsonParser p)) {
      return null;
    }
    JsonToken t = p.currentToken();
    if (t == null) {
      return null;
    }
    try {
      return switch (t) {
        case START_OBJECT, FIELD_NAME -> "{...}";
        case START_ARRAY -> "[...]";
        case VALUE_NULL -> "null";
        case VALUE_STRING -> show(p.getText());
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> shorten(p.getText());
        default -> null;
      };
    } catch (java.io.IOException e) {
      return null; // the parser cannot show its token: leave the value out of the message
    }
  }

  private static String show(Object value) {
    if (value instanceof String s) {
      return shorten("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return value == null ? "null" : shorten(String.valueOf(value));
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  /** The JSON a value of {@code type} is written as, in words. */
  static String expected(Class<?> type) {
    Class<?> t = type.isPrimitive() ? boxed(type) : type;
    if (t == Integer.class || t == Long.class || t == Short.class || t == Byte.class
        || t == java.math.BigInteger.class) {
      return "an integer";
    }
    if (t == Double.class || t == Float.class || Number.class.isAssignableFrom(t)) {
      return "a number";
    }
    if (t == Boolean.class) {
      return "true or false";
    }
    if (CharSequence.class.isAssignableFrom(t) || t == Character.class) {
      return "a string";
    }
    if (t.isEnum()) {
      return "one of " + Arrays.stream(t.getEnumConstants()).limit(20)
          .map(c -> "\"" + ((Enum<?>) c).name() + "\"").collect(Collectors.joining(", "));
    }
    if (t.isArray() || java.util.Collection.class.isAssignableFrom(t)) {
      return "an array";
    }
    if (java.time.temporal.TemporalAccessor.class.isAssignableFrom(t)
        || java.time.temporal.TemporalAmount.class.isAssignableFrom(t)
        || t == java.time.ZoneId.class) {
      return "an ISO-8601 " + t.getSimpleName() + " as text, e.g. " + example(t);
    }
    if (t == java.util.UUID.class) {
      return "a UUID as text";
    }
    return "an object";
  }

  private static String example(Class<?> t) {
    if (t == java.time.LocalDate.class) {
      return "\"2026-01-31\"";
    }
    if (t == java.time.Duration.class) {
      return "\"PT30S\"";
    }
    if (t == java.time.LocalDateTime.class) {
      return "\"2026-01-31T12:00:00\"";
    }
    if (t == java.time.LocalTime.class) {
      return "\"12:00:00\"";
    }
    if (t == java.time.Period.class) {
      return "\"P1D\"";
    }
    if (t == java.time.ZoneId.class) {
      return "\"Europe/Paris\"";
    }
    if (t == java.time.OffsetDateTime.class || t == java.time.ZonedDateTime.class) {
      return "\"2026-01-31T12:00:00+01:00\"";
    }
    return "\"2026-01-31T12:00:00Z\"";
  }

  private static Class<?> boxed(Class<?> p) {
    if (p == int.class) {
      return Integer.class;
    } else if (p == long.class) {
      return Long.class;
    } else if (p == boolean.class) {
      return Boolean.class;
    } else if (p == double.class) {
      return Double.class;
    } else if (p == float.class) {
      return Float.class;
    } else if (p == short.class) {
      return Short.class;
    } else if (p == byte.class) {
      return Byte.class;
    }
    return Character.class;
  }
}
