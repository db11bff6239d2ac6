package dev.eddy.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eddy.http.internal.Json;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An RFC 9457 problem details body, sent as {@value #MEDIA_TYPE}:
 *
 * <pre>{@code
 * {"type":"about:blank","title":"Bad Request","status":400,
 *  "detail":"the todo has 1 invalid field",
 *  "errors":[{"pointer":"#/title","detail":"is required"}]}
 * }</pre>
 *
 * <p>Throw one inside an {@link HttpError} ({@code throw new HttpError(problem)}) and the client
 * gets it; with {@link App#problems()} every error answer of the app is a problem, including the
 * app's and the server's own refusals (404, 405, 413, 400 for a malformed request, ...).
 *
 * <p>{@code type} defaults to {@code about:blank}, which RFC 9457 (section 4.2.1) reserves for
 * "no semantics beyond the status code": {@code title} is then the status's reason phrase and
 * {@code detail} says what was wrong with this request. Members beyond the standard five are
 * extension members ({@link #with}); {@link #withErrors} adds the common {@code errors} member, one
 * entry per bad field, each with a JSON pointer into the request body (the shape of the RFC's own
 * example). Members that are {@code null} are left out of the body.
 *
 * <p>Immutable and thread-safe: the {@code with*} methods return a new problem.
 *
 * @param type a URI naming the kind of problem; {@code about:blank} for none
 * @param title a short summary of the kind of problem; for {@code about:blank} the reason phrase
 * @param status the HTTP status, repeated for clients that only see the body; 400 to 599
 * @param detail what was wrong with this request, or {@code null}
 * @param instance a URI naming this occurrence, or {@code null}
 * @param extensions further members, in order, by name; never one of the five above
 */
public record Problem(String type, String title, int status, String detail, String instance,
    Map<String, Object> extensions) {

  /** The media type of a problem body (RFC 9457 section 3). */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The {@code type} of a problem with no semantics beyond its status (RFC 9457 §4.2.1). */
  public static final String NO_SPECIFIC_TYPE = "about:blank";

  private static final Set<String> STANDARD =
      Set.of("type", "title", "status", "detail", "instance");

  /**
   * @throws IllegalArgumentException if {@code status} is not from 400 to 599, or an extension
   *     is named like a standard member
   */
  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status = " + status + ": expected 400 to 599");
    }
    for (String name : extensions.keySet()) {
      if (STANDARD.contains(name)) {
        throw new IllegalArgumentException("extension member '" + name + "': expected a name "
            + "other than the standard " + STANDARD);
      }
    }
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /**
   * One invalid field of a request body.
   *
   * @param pointer where, as a JSON pointer in a URI fragment: {@code #/title}
   * @param detail what is wrong and what was expected
   */
  public record FieldError(String pointer, String detail) {

    /** The error of top-level field {@code name}: its pointer is {@code #/name}. */
    public static FieldError of(String name, String detail) {
      // RFC 6901: '~' and '/' in a name are escaped so that the pointer stays unambiguous.
      return new FieldError("#/" + name.replace("~", "~0").replace("/", "~1"), detail);
    }
  }

  /** A problem of type {@code about:blank} with {@code status} and {@code detail} (or null). */
  public static Problem of(int status, String detail) {
    return new Problem(NO_SPECIFIC_TYPE, Status.reason(status), status, detail, null, Map.of());
  }

  /** This problem with {@code type} and {@code title} (a problem type of the service's own). */
  public Problem withType(String type, String title) {
    return new Problem(type, title, status, detail, instance, extensions);
  }

  /** This problem with {@code instance}, a URI for this occurrence. */
  public Problem withInstance(String instance) {
    return new Problem(type, title, status, detail, instance, extensions);
  }

  /**
   * This problem with the extension member {@code name} (after those set before; a value set
   * again replaces the old one). The value is written as JSON, as a response body would be.
   */
  public Problem with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(Objects.requireNonNull(name, "name"), value);
    return new Problem(type, title, status, detail, instance, more);
  }

  /** This problem with the extension member {@code errors}: the invalid fields of the body. */
  public Problem withErrors(List<FieldError> errors) {
    return with("errors", List.copyOf(errors));
  }

  /** The {@code errors} member set by {@link #withErrors}, or {@code null} when it has none. */
  @SuppressWarnings("unchecked")
  public List<FieldError> errors() {
    Object errors = extensions.get("errors");
    return errors instanceof List<?> list && list.stream().allMatch(FieldError.class::isInstance)
        ? (List<FieldError>) list : null;
  }

  /** This problem as JSON: the standard members in RFC order, then the extensions. */
  public byte[] toJson() {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("type", type);
    members.put("title", title);
    members.put("status", status);
    putIfSet(members, "detail", detail);
    putIfSet(members, "instance", instance);
    extensions.forEach((name, value) -> putIfSet(members, name, value));
    try {
      return Json.mapper().writeValueAsBytes(members);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the problem body could not be written: " + this, e);
    }
  }

  /** The response that carries this problem: its status, {@value #MEDIA_TYPE}. */
  public Response toResponse() {
    return Response.bytes(toJson(), MEDIA_TYPE).status(status);
  }

  private static void putIfSet(Map<String, Object> members, String name, Object value) {
    if (value != null) {
      members.put(name, value);
    }
  }
}
