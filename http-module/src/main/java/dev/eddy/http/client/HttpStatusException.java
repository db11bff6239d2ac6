package dev.eddy.http.client;

import dev.eddy.http.Status;
import java.io.IOException;

/**
 * A response whose status the caller asked to treat as an error ({@link
 * ClientResponse#errorForStatus()} or {@link RequestBuilder#errorForStatus()}: a 4xx or 5xx), or
 * a response that is not 2xx to {@link RequestBuilder#recvJson(Class)}. Carries the status and the
 * start of the body; the message says the status first: {@code "404 Not Found from GET
 * http://host/todos/7: no such todo"}.
 */
public final class HttpStatusException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String bodyExcerpt;

  /**
   * @param status the response's status
   * @param what the request, e.g. {@code GET http://host/path}
   * @param bodyExcerpt the start of the body as text, possibly empty
   */
  public HttpStatusException(int status, String what, String bodyExcerpt) {
    super(status + " " + Status.reason(status) + " from " + what
        + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt));
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** The first bytes of the body as text (cut), possibly empty. */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
