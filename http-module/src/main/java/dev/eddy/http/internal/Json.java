package dev.eddy.http.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;

/**
 * The Jackson mappers of the HTTP layer, and client-safe descriptions of what Jackson refused.
 * Request bodies refuse unknown properties (a typo in a client's field name is a 400, not a
 * silently dropped value); query objects ignore them (other parameters are common in a query).
 * Thread-safe once configured, as Jackson promises.
 */
public final class Json {

  private Json() {}

  /** Bodies in and out. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** Query parameters into objects. */
  public static final ObjectMapper QUERY = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * What was wrong, for the client: the field path and the problem, without Java class names or
   * other internals.
   */
  public static String describe(Throwable e) {
    if (e instanceof JsonParseException p) {
      return "malformed JSON at line " + p.getLocation().getLineNr() + ", column "
          + p.getLocation().getColumnNr();
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field '" + u.getPropertyName() + "'";
    }
    if (e instanceof JsonMappingException m) {
      String path = m.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining("."));
      String what = m.getOriginalMessage() != null && m.getOriginalMessage().startsWith("No content")
          ? "no JSON value" : "a value of the wrong type or form";
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
}
