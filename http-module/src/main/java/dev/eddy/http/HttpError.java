package dev.eddy.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An error that becomes an HTTP response: throw it (or fail a stage with it) from an endpoint or a
 * middleware, and the client gets {@link #status()} with {@link #getMessage()} as a plain-text
 * body, or as the {@code detail} of a problem body when the app chose {@link App#problems()}. An
 * error made from a {@link Problem} is always answered with that problem. The message goes on the
 * wire, so say what was wrong in the request and what was expected (for example {@code "query
 * parameter 'limit' = 'ten': expected an integer"}); never put internal details in it. Anything
 * else thrown becomes a 500 whose details are only logged (see {@link App#onError}).
 *
 * <p>The app's and the server's own refusals reach {@link App#onError} handlers as an {@code
 * HttpError} too: 404, 405 (with its {@code Allow} header in {@link #headers()}), 501, 413, and
 * the refusals of a request that could not be read (400, 408, 413, 414, 431).
 */
public class HttpError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Problem problem;
  private final Map<String, String> headers;

  /**
   * @param status the status to answer, from 400 to 599
   * @param message the reason, sent to the client as the body
   * @throws IllegalArgumentException if {@code status} is not an error status
   */
  public HttpError(int status, String message) {
    this(status, message, null, Map.of());
  }

  /**
   * An error answered with {@code problem} (its status, as {@value Problem#MEDIA_TYPE}); the
   * message is the problem's {@code detail}, or its {@code title} when it has none.
   */
  public HttpError(Problem problem) {
    this(problem.status(), problem.detail() != null ? problem.detail() : problem.title(),
        problem, Map.of());
  }

  private HttpError(int status, String message, Problem problem, Map<String, String> headers) {
    super(message, null, false, false); // a response, not a bug: no stack trace to fill
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status = " + status + ": expected 400 to 599");
    }
    this.status = status;
    this.problem = problem;
    this.headers = headers;
  }

  /** A 400 Bad Request with {@code message}. */
  public static HttpError badRequest(String message) {
    return new HttpError(Status.BAD_REQUEST, message);
  }

  /** A 404 Not Found with {@code message}. */
  public static HttpError notFound(String message) {
    return new HttpError(Status.NOT_FOUND, message);
  }

  /**
   * This error with header {@code name} added to its answer (for example {@code Allow} on a 405,
   * {@code Retry-After} on a 503), whatever form the answer takes.
   */
  public HttpError withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new HttpError(status, getMessage(), problem, Collections.unmodifiableMap(more));
  }

  /** The status to answer. */
  public int status() {
    return status;
  }

  /** The problem this error was made from, or {@code null} for one made from a status. */
  public Problem problem() {
    return problem;
  }

  /** The headers to add to the answer (unmodifiable; empty for most errors). */
  public Map<String, String> headers() {
    return headers;
  }
}
