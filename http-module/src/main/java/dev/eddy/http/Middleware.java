package dev.eddy.http;

import java.util.concurrent.CompletionStage;

/**
 * Code around every request of an app or a route (tide's {@code Middleware}): it may look at or
 * change the request, answer by itself, or call {@code next} and look at or change the response.
 *
 * <pre>{@code
 * app.with((req, next) -> {
 *   long start = System.nanoTime();
 *   return next.run(req).thenApply(res -> res.header("X-Took-Us",
 *       String.valueOf((System.nanoTime() - start) / 1000)));
 * });
 * }</pre>
 *
 * <p>Middleware runs in the order it was added: the app's first, then that of the routes from
 * the outermost down to the matched one (a route's middleware guards every route below it, see
 * {@link Route#with}), then the endpoint. The stage {@code next} returns never fails: endpoint
 * errors are already responses (500, or an {@link HttpError}'s status) by the time middleware
 * sees them. A middleware that throws, or returns a failed stage, gets the same treatment from
 * the layer around it.
 *
 * @param <S> the app's state type
 */
@FunctionalInterface
public interface Middleware<S> {

  /** Handles {@code request}, usually by calling {@code next.run(request)}. */
  CompletionStage<Response> handle(Request<S> request, Next<S> next);
}
