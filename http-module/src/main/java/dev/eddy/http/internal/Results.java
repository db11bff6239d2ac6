package dev.eddy.http.internal;

import dev.eddy.http.Body;
import dev.eddy.http.HttpError;
import dev.eddy.http.Problem;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import dev.eddy.time.TimeoutExceededException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what endpoints return and throw into responses (the rules of {@code Endpoint}'s
 * documentation), and the default answers to failures no {@code App.onError} handler took.
 * Static, any thread.
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
              ? CompletableFuture.<Response>failedStage(failure)
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

  /** {@link #fromFailure(Throwable, Object, boolean)} in plain text. */
  public static Response fromFailure(Throwable failure, Object request) {
    return fromFailure(failure, request, false);
  }

  /**
   * The default response for a failure, as plain text or, with {@code problems}, as a problem
   * body: an {@link HttpError}'s status, message and headers (its own problem if it has one); a
   * {@link TimeoutExceededException} (an ask or a call not answered in time) a 503, logged at WARN
   * without a stack trace; a {@link CancellationException} (work cancelled, as by a runtime
   * closing) a 503 logged at DEBUG; anything else a 500 with a generic body, the cause logged once
   * at ERROR with the request line.
   */
  public static Response fromFailure(Throwable failure, Object request, boolean problems) {
    Throwable cause = unwrap(failure);
    if (cause instanceof HttpError e) {
      return answer(e, problems);
    }
    if (cause instanceof TimeoutExceededException) {
      log.warn("Request {} answered 503: {}", request, cause.getMessage());
      return answer(new HttpError(Status.SERVICE_UNAVAILABLE,
          "the server did not answer in time; try again later"), problems);
    }
    if (cause instanceof CancellationException) {
      log.debug("Request {} answered 503: its work was cancelled ({})", request,
          cause.getMessage());
      return answer(new HttpError(Status.SERVICE_UNAVAILABLE,
          "the server is not available; try again later"), problems);
    }
    log.error("Request {} failed", request, cause);
    return problems ? Problem.of(Status.INTERNAL_SERVER_ERROR, null).toResponse()
        : Response.text(Status.INTERNAL_SERVER_ERROR, "Internal Server Error");
  }

  /** The answer to {@code e}: its problem, a problem made of it, or its text. */
  public static Response answer(HttpError e, boolean problems) {
    Response r;
    if (e.problem() != null) {
      r = e.problem().toResponse();
    } else if (problems) {
      String text = e.getMessage();
      String detail = text == null || text.isBlank() || text.strip().equals(
          Status.reason(e.status())) ? null : text.strip(); // "Not Found" again says nothing
      r = Problem.of(e.status(), detail).toResponse();
    } else {
      r = Response.text(e.status(), e.getMessage());
    }
    e.headers().forEach(r::header);
    return r;
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
