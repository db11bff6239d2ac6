package dev.eddy.http.client;

import java.util.concurrent.CompletionStage;

/**
 * The rest of the client's chain after a {@link ClientMiddleware}: the middleware added after
 * it, then the client itself (redirects, the pool, the wire) — surf's {@code Next}, the mirror
 * of the server's {@link dev.eddy.http.Next}.
 */
@FunctionalInterface
public interface ClientNext {

  /**
   * Sends {@code request} through the rest of the chain; may be called more than once (a retry)
   * when the request's body is replayable.
   *
   * @return the response; failed with the I/O, protocol or timeout error of the exchange
   */
  CompletionStage<ClientResponse> run(ClientRequest request);
}
