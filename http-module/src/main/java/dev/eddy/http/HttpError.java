package dev.eddy.http;

/**
 * An error that becomes an HTTP response: throw it (or fail a stage with it) from an endpoint or a
 * middleware, and the client gets {@link #status()} with {@link #getMessage()} as a plain-text
 * body. The message goes on the wire, so say what was wrong in the request and what was expected
 * (for example {@code "query parameter 'limit' = 'ten': expected an integer"}); never put internal
 * details in it. Anything else thrown becomes a 500 whose details are only logged.
 */
public class HttpError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the status to answer, from 400 to 599
   * @param message the reason, sent to the client as the body
   * @throws IllegalArgumentException if {@code status} is not an error status
   */
  public HttpError(int status, String message) {
    super(message, null, false, false); // a response, not a bug: no stack trace to fill
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status = " + status + ": expected 400 to 599");
    }
    this.status = status;
  }

  /** A 400 Bad Request with {@code message}. */
  public static HttpError badRequest(String message) {
    return new HttpError(Status.BAD_REQUEST, message);
  }

  /** A 404 Not Found with {@code message}. */
  public static HttpError notFound(String message) {
    return new HttpError(Status.NOT_FOUND, message);
  }

  /** The status to answer. */
  public int status() {
    return status;
  }
}
