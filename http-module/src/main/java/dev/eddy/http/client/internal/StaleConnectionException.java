package dev.eddy.http.client.internal;

import java.io.IOException;

/**
 * A reused connection failed before any byte of the response arrived: the server most likely
 * closed it while it sat in the pool. The dispatcher retries such a request once on a fresh
 * connection when that is safe, and otherwise reports this exception.
 */
public final class StaleConnectionException extends IOException {

  private static final long serialVersionUID = 1L;

  StaleConnectionException(String origin, String doing, IOException cause) {
    super("the pooled connection to " + origin + " failed " + doing + ", before any response "
        + "byte (the server had probably closed it): " + cause.getMessage(), cause);
  }
}
