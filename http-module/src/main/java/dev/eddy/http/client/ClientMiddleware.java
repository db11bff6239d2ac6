package dev.eddy.http.client;

import dev.eddy.http.Headers;
import dev.eddy.http.client.internal.Middlewares;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Code around every request of a {@link Client} (surf's {@code Middleware}), the same shape as
 * the server's {@link dev.eddy.http.Middleware}: it may change the request, answer by itself,
 * call {@code next} (once, several times to retry, or not at all) and look at or change the
 * response.
 *
 * <pre>{@code
 * Client client = Client.builder()
 *     .with(ClientMiddleware.logging())
 *     .with((req, next) -> next.run(req.withHeader("X-Trace", traceId())))
 *     .build();
 * }</pre>
 *
 * <p>Middleware runs in the order it was added, the first outermost; redirects, the pool and the
 * wire come after the last. Unlike the server's chain, {@code next} may fail (connection
 * refused, timeout, malformed response). A middleware runs on the caller's thread for the first
 * call and on the client's workers after that: it must not block, and it must be thread-safe.
 */
@FunctionalInterface
public interface ClientMiddleware {

  /** Handles {@code request}, usually by calling {@code next.run(request)}. */
  CompletionStage<ClientResponse> handle(ClientRequest request, ClientNext next);

  /**
   * Logs each request once at INFO (logger {@code dev.eddy.http.client.Client}): method, URL,
   * status or failure, and the time until the response head.
   */
  static ClientMiddleware logging() {
    return Middlewares.logging();
  }

  /**
   * Retries a request with an idempotent method (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) and a
   * replayable body after a connect failure (refused, no route, connect timeout) or a {@code 503
   * Service Unavailable}: {@code attempts} tries in all, the first wait {@code firstDelay},
   * doubling each time. Other requests and failures pass through untouched.
   *
   * @throws IllegalArgumentException if {@code attempts} is below 1 or the delay negative
   */
  static ClientMiddleware retry(int attempts, Duration firstDelay) {
    return Middlewares.retry(attempts, firstDelay);
  }

  /** Adds each of {@code defaults} to requests that do not set that header themselves. */
  static ClientMiddleware defaultHeaders(Headers defaults) {
    return Middlewares.defaultHeaders(defaults);
  }
}
