package dev.eddy.http.internal;

import dev.eddy.http.Body;
import dev.eddy.http.HttpError;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what endpoints return and throw into responses (the rules of {@code Endpoint}'s
 * documentation). Static, any thread.
 */
public final class Results {

  private static final Logger log = LoggerFactory.getLogger(Results.class);

  private Results() {}

  /** The response for an endpoint's result; a stage is followed to its outcome. */
  public static CompletionStage<Response> toResponse(Object result, Object request) {
    if (result instanceof Response r) {
      return CompletableFuture.completedStage(r);
    }
    if (result instanceof CompletionStage<?> stage) {
      return stage.handle((value, failure) -> failure != null
              ? CompletableFuture.completedStage(fromFailure(failure, request))
              : toResponse(value, request))
          .thenCompose(s -> s);
    }
    return CompletableFuture.completedStage(fromValue(result));
  }

  private static Response fromValue(Object value) {
    if (value == null) {
      return Response.of(Status.NO_CONTENT);
    }
    if (value instanceof String s) {
      return Response.text(s);
    }
    if (value instanceof byte[] b) {
      return Response.bytes(b, "application/octet-stream");
    }
    if (value instanceof Body b) {
      return Response.stream(b, "application/octet-stream");
    }
    return Response.json(value);
  }

  /**
   * The response for a failure: an {@link HttpError}'s status and message; anything else a 500
   * with a generic body, the cause logged once at ERROR with the request line.
   */
  public static Response fromFailure(Throwable failure, Object request) {
    Throwable cause = unwrap(failure);
    if (cause instanceof HttpError e) {
      return Response.text(e.status(), e.getMessage());
    }
    log.error("Request {} failed", request, cause);
    return Response.text(Status.INTERNAL_SERVER_ERROR, "Internal Server Error");
  }

  /** The cause inside {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
