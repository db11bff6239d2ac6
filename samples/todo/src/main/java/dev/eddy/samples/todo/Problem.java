package dev.eddy.samples.todo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * An RFC 9457 problem details body, sent as {@code application/problem+json}:
 *
 * <pre>{@code
 * {"type":"about:blank","title":"Bad Request","status":400,
 *  "detail":"the todo has 1 invalid field",
 *  "errors":[{"pointer":"#/title","detail":"is required"}]}
 * }</pre>
 *
 * <p>The sample defines no problem types of its own: {@code type} is always {@code about:blank},
 * which RFC 9457 (section 4.2.1) reserves for "no semantics beyond the status code", so {@code
 * title} is the status's reason phrase and {@code detail} says what was wrong with this request.
 * Validation errors add {@code errors}, one per bad field, each with a JSON pointer into the
 * request body (the shape of the RFC's own example).
 *
 * @param type always {@code about:blank}
 * @param title the reason phrase of {@code status}
 * @param status the HTTP status, repeated for clients that only see the body
 * @param detail what was wrong with this request, or {@code null}
 * @param errors the bad fields of the body, or {@code null} when the problem is not about fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail,
    List<FieldError> errors) {

  /** The media type of a problem body (RFC 9457 section 3). */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final String NO_SPECIFIC_TYPE = "about:blank";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One invalid field of a request body.
   *
   * @param pointer where, as a JSON pointer in a URI fragment: {@code #/title}
   * @param detail what is wrong and what was expected
   */
  public record FieldError(String pointer, String detail) {

    /** The error of top-level field {@code name}. */
    static FieldError of(String name, String detail) {
      // RFC 6901: '~' and '/' in a name are escaped so that the pointer stays unambiguous.
      return new FieldError("#/" + name.replace("~", "~0").replace("/", "~1"), detail);
    }
  }

  /** A problem with {@code status} and {@code detail} (may be {@code null}). */
  public static Problem of(int status, String detail) {
    return new Problem(NO_SPECIFIC_TYPE, Status.reason(status), status, detail, null);
  }

  /** A 400 for a body with invalid fields. */
  public static Problem invalidFields(List<FieldError> errors) {
    String detail = "the todo has " + errors.size() + " invalid field"
        + (errors.size() == 1 ? "" : "s");
    return new Problem(NO_SPECIFIC_TYPE, Status.reason(Status.BAD_REQUEST), Status.BAD_REQUEST,
        detail, List.copyOf(errors));
  }

  /** This problem as JSON. */
  public byte[] toJson() {
    try {
      return MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a problem body could not be written: " + this, e);
    }
  }

  /** The response that carries this problem. */
  public Response toResponse() {
    return Response.bytes(toJson(), MEDIA_TYPE).status(status);
  }
}
