package dev.eddy.http;

/**
 * Turns an error of type {@code E} into the answer to a request: registered with {@link
 * App#onError}, it sees what endpoints and middleware throw or fail their stage with, and the
 * app's and the server's own refusals as {@link HttpError}s.
 *
 * <p>It runs on the thread that met the error (a runtime worker under {@code listen}, the
 * caller's thread under {@link App#handle}), so it must not block; it answers synchronously. An
 * exception thrown from it, or a {@code null} answer, is logged at ERROR and answered 500.
 *
 * @param <S> the app's shared state
 * @param <E> the type of error handled
 */
@FunctionalInterface
public interface ErrorHandler<S, E extends Throwable> {

  /**
   * The answer to {@code req}, which failed with {@code error}.
   *
   * @param req the request; for a request the server could not read (a malformed or oversized
   *     head, a head not complete in time), a stand-in whose method and target are {@code "-"}
   */
  Response handle(Request<S> req, E error) throws Exception;
}
