package dev.eddy.http;

/**
 * What answers a request on a route (tide's {@code Endpoint}): usually a lambda.
 *
 * <pre>{@code
 * app.at("/hello/:name").get(req -> "Hello, " + req.param("name"));
 * app.at("/todos").post(req -> req.bodyJson(Todo.class).thenApply(t -> Response.json(201, t)));
 * }</pre>
 *
 * <p>The result becomes the response: a {@link Response} as is; a {@code String} as {@code
 * text/plain} (200); a {@code byte[]} as {@code application/octet-stream}; a {@link Body} streamed
 * as {@code application/octet-stream}; {@code null} as 204 No Content; any other object as JSON
 * (200); a {@link java.util.concurrent.CompletionStage} of any of these once it completes. An
 * {@link HttpError} (thrown or failing the stage) becomes its status and message; any other
 * exception becomes a 500 whose details are logged, never sent.
 *
 * <p>Runs on a worker of the server's runtime: do not block in it; use {@code
 * Runtime.spawnBlocking} for blocking work and return its stage.
 *
 * @param <S> the app's state type
 */
@FunctionalInterface
public interface Endpoint<S> {

  /** Answers {@code request}; see the type's documentation for what the result may be. */
  Object call(Request<S> request) throws Exception;
}
