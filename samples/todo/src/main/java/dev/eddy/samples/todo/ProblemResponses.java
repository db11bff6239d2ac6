package dev.eddy.samples.todo;

import dev.eddy.http.Middleware;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import java.util.Locale;

/**
 * A middleware that gives the framework's own error answers the service's error format: a 4xx
 * or 5xx response with a plain-text body (no route: 404, a method the route lacks: 405, a body
 * over the limit: 413, a handler failure: 500, ...) becomes an RFC 9457 {@link Problem} with the
 * same status and headers ({@code Allow} stays). A 4xx keeps the framework's text as the {@code
 * detail}, since it describes the request; a 5xx gets none, since the client can do nothing with
 * server internals. Responses that already carry JSON pass unchanged.
 */
final class ProblemResponses {

  private static final int FIRST_ERROR = 400;
  private static final int FIRST_SERVER_ERROR = 500;

  private ProblemResponses() {}

  /** The middleware. */
  static <S> Middleware<S> middleware() {
    return (req, next) -> next.run(req).thenApply(ProblemResponses::convert);
  }

  private static Response convert(Response res) {
    String type = res.header("Content-Type");
    if (res.status() < FIRST_ERROR || type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("text/plain")) {
      return res;
    }
    String text = res.bodyString();
    String detail = res.status() < FIRST_SERVER_ERROR && text != null && !text.isBlank()
        ? text.strip() : null;
    if (detail != null && detail.equals(Status.reason(res.status()))) {
      detail = null; // "Not Found" again says nothing the title does not
    }
    return res.body(Problem.of(res.status(), detail).toJson(), Problem.MEDIA_TYPE);
  }
}
