package dev.eddy.http;

import java.util.concurrent.CompletionStage;

/**
 * The rest of the chain after a {@link Middleware}: the middleware added after it, then the
 * endpoint (tide's {@code Next}).
 *
 * @param <S> the app's state type
 */
@FunctionalInterface
public interface Next<S> {

  /**
   * Runs the rest of the chain for {@code request}; may be called once per middleware call.
   *
   * @return the response, never a failed stage (errors are already turned into responses)
   */
  CompletionStage<Response> run(Request<S> request);
}
