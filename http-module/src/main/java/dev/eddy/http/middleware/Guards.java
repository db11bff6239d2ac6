package dev.eddy.http.middleware;

import dev.eddy.config.Durations;
import dev.eddy.http.Body;
import dev.eddy.http.HttpError;
import dev.eddy.http.Middleware;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.Cancellable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards that bound what one request may cost: {@link #timeout} for the time to an answer, {@link
 * #maxBodySize} for the bytes of the body. Both fit at app level and at route level ({@code
 * app.at("/upload").with(Guards.maxBodySize(1 << 20)).post(...)}).
 */
public final class Guards {

  private static final Logger log = LoggerFactory.getLogger(Guards.class);

  private Guards() {}

  /**
   * Answers {@code 503 Service Unavailable} when the rest of the chain has not produced a
   * response within {@code limit}; a response that comes later is dropped.
   *
   * <p>Why 503 and not 504: 504 Gateway Timeout says an upstream server did not answer a gateway;
   * here the server itself gave up on its own handler, which is the server being unable to serve
   * the request right now (Go's {@code http.TimeoutHandler} answers 503 too). The body says so.
   *
   * <p>The handler is not interrupted: it runs on, and its eventual response is dropped (a
   * streamed body in it is never read, so a producer blocked sending to it stays blocked: give
   * such producers their own deadline). The deadline is on the runtime's timer when the
   * middleware runs on a runtime thread (always so under {@code listen}); elsewhere, as in a test
   * calling {@link dev.eddy.http.App#handle} from a plain thread, on the JDK's delayed executor.
   * The time counts until the response object is ready, not until a streamed body is sent.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  public static <S> Middleware<S> timeout(Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("timeout = " + limit + ": expected a positive duration");
    }
    return (req, next) -> {
      CompletableFuture<Response> answer = new CompletableFuture<>();
      Runnable expire = () -> {
        if (answer.completeExceptionally(new HttpError(Status.SERVICE_UNAVAILABLE,
            "The server did not answer within " + Durations.format(limit)
                + "; try again later"))) {
          log.warn("{} took longer than {}; answered 503", req, Durations.format(limit));
        }
      };
      Cancellable alarm = schedule(limit, expire);
      next.run(req).whenComplete((res, failure) -> {
        if (alarm != null) {
          alarm.cancel();
        }
        if (failure != null) {
          answer.completeExceptionally(failure);
        } else {
          answer.complete(res);
        }
      });
      return answer;
    };
  }

  /** Runs {@code action} after {@code delay}; returns a handle to cancel it, or {@code null}. */
  private static Cancellable schedule(Duration delay, Runnable action) {
    Runtime runtime;
    try {
      runtime = Runtime.current();
    } catch (IllegalStateException notOnARuntime) {
      // A plain thread (an in-memory test): the JDK's timer thread, which cannot be cancelled,
      // but whose late run finds the answer done and does nothing.
      CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(action);
      return null;
    }
    return runtime.timer().schedule(delay, action);
  }

  /**
   * Limits request bodies to {@code bytes}, below the server's {@code max-body-size}, for the
   * routes it guards: a request whose {@code Content-Length} is over the limit gets {@code 413
   * Content Too Large} before the endpoint runs, and a body of unknown length (chunked) fails the
   * endpoint's read with an {@link HttpError} 413 as soon as it goes past the limit (the endpoint
   * lets it propagate, and the client gets the 413). The server discards whatever of the body is
   * left.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public static <S> Middleware<S> maxBodySize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxBodySize = " + bytes + ": expected 0 or more");
    }
    return (req, next) -> {
      long declared = req.body().length();
      if (declared > bytes) {
        return CompletableFuture.failedStage(new HttpError(Status.CONTENT_TOO_LARGE,
            tooLarge(declared + " bytes", bytes)));
      }
      if (declared < 0) {
        req.setBody(new LimitedBody(req.body(), bytes));
      }
      return next.run(req);
    };
  }

  private static String tooLarge(String size, long limit) {
    return "request body of " + size + " is over this resource's limit of " + limit + " bytes";
  }

  /** A body of unknown length that fails once more than {@code limit} bytes have been read. */
  private static final class LimitedBody implements Body {
    private final Body source;
    private final long limit;
    /** Bytes read so far; each read happens-after the one before (one read at a time). */
    private long seen;

    LimitedBody(Body source, long limit) {
      this.source = source;
      this.limit = limit;
    }

    @Override
    public CompletionStage<Optional<ByteBuffer>> read() {
      if (seen > limit) {
        return CompletableFuture.failedStage(tooLargeError());
      }
      return source.read().thenApply(piece -> {
        if (piece.isPresent()) {
          seen += piece.get().remaining();
          if (seen > limit) {
            throw tooLargeError();
          }
        }
        return piece;
      });
    }

    private HttpError tooLargeError() {
      return new HttpError(Status.CONTENT_TOO_LARGE, tooLarge("more than " + limit + " bytes",
          limit));
    }

    @Override
    public long length() {
      return -1;
    }
  }
}
