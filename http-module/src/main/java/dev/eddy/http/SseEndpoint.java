package dev.eddy.http;

/**
 * What opens a stream of server-sent events on a route ({@link Route#sse}): usually a lambda that
 * hands the {@link Sse} to whatever produces the events, or sends a few and closes.
 *
 * <pre>{@code
 * app.at("/ticks").sse((req, sse) -> runtime.spawnAsync(() -> sse.send("tick", "1")
 *     .thenCompose(v -> sse.send("tick", "2"))
 *     .whenComplete((v, failure) -> sse.close())));
 * }</pre>
 *
 * <p>The stream stays open after this method returns, until {@link Sse#close()} or until the
 * client goes away; events sent before it returns are buffered and go out first. Throwing
 * refuses the stream before anything is sent: an {@link HttpError} becomes its status (a 401 for a
 * missing token, say), anything else a 500, and the {@code Sse} is closed.
 *
 * <p>Runs on a worker of the server's runtime, like any endpoint: do not block in it.
 *
 * @param <S> the app's state type
 */
@FunctionalInterface
public interface SseEndpoint<S> {

  /**
   * Starts the stream for {@code request} (its {@code Last-Event-ID} header, if any, says where a
   * reconnecting client left off: {@code request.header("Last-Event-ID")}).
   */
  void open(Request<S> request, Sse sse) throws Exception;
}
