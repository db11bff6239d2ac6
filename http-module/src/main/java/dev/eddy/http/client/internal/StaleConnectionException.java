package dev.eddy.http.client.internal;

import java.io.IOException;

/**
 * A reused connection failed before any byte of the response arrived: the server most likely
 * closed it while it sat in the pool. The dispatcher retries such a request once on a fresh
 * connection when that is safe (see {@link #requestWritten()}), and otherwise reports this
 * exception.
 */
public final class StaleConnectionException extends IOException {

  private static final long serialVersionUID = 1L;

  private final boolean requestWritten;

  StaleConnectionException(String origin, String doing, IOException cause,
      boolean requestWritten) {
    super("the pooled connection to " + origin + " failed " + doing + ", before any response "
        + "byte (the server had probably closed it" + (requestWritten ? ", or closed it after "
        + "reading the request" : "") + "): " + cause.getMessage(), cause);
    this.requestWritten = requestWritten;
  }

  /**
   * Whether a byte of the request reached the socket: then the server may have received and
   * processed it, and only an idempotent request (or one with an {@code Idempotency-Key}) is
   * resent.
   */
  public boolean requestWritten() {
    return requestWritten;
  }
}
