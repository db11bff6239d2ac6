package dev.eddy.http.client.internal;

import dev.eddy.http.Body;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.internal.Bodies;
import dev.eddy.time.Cancellable;
import dev.eddy.time.Timer;
import dev.eddy.time.TimeoutExceededException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The {@code call-timeout} of one request (OkHttp's {@code callTimeout}): one timer from send
 * until the final response's body has been read to its end or closed, across redirects and
 * retries. {@code read-timeout} bounds each read only, so without it a server that drips a body
 * a byte at a time holds the call as long as it likes.
 *
 * <p>When it passes before the head, the caller's stage fails and the attempt is aborted. After
 * the head, the response's body is wrapped ({@link #cover}): the pending or next read fails with
 * the {@link TimeoutExceededException} (not with the "closed" it causes), and the connection is
 * closed. The timer is cancelled at the end of the body, on a failure, or on close.
 *
 * <p>Threads: the timer fires on a worker; {@link #cover} and the body's reads from the caller's
 * thread; the shared fields are volatile.
 */
final class CallDeadline {

  private final ClientRequest request;
  private final Duration limit;
  private final CompletableFuture<ClientResponse> result;
  private final Runnable abort;
  private final Cancellable timer;
  private volatile TimeoutExceededException expired;
  private volatile Body body; // the final response's body, once there is one

  CallDeadline(Timer timer, ClientRequest request, Duration limit,
      CompletableFuture<ClientResponse> result, Runnable abort) {
    this.request = request;
    this.limit = limit;
    this.result = result;
    this.abort = abort;
    this.timer = timer.schedule(limit, this::expire);
  }

  /** Stops the timer: the call ended otherwise. */
  void cancel() {
    timer.cancel();
  }

  /**
   * {@code response}, its body covered by the deadline; as it is (timer stopped) if its body is
   * already in memory. Call before completing the caller's stage with it.
   */
  ClientResponse cover(ClientResponse response, long maxBodySize) {
    Body inner = response.body();
    if (Bodies.bytesOf(inner) != null) {
      timer.cancel();
      return response;
    }
    body = inner;
    return ClientResponse.of(response.status(), response.headers(), new Covered(inner),
        response.uri(), maxBodySize);
  }

  private void expire() {
    TimeoutExceededException t = new TimeoutExceededException(request.method() + " "
        + request.uri() + " (call-timeout)", limit);
    expired = t;
    if (result.completeExceptionally(t)) {
      abort.run();
      return;
    }
    Body b = body;
    if (b != null) {
      b.cancel(); // closes the connection; a pending read fails, and is reported as t
    }
  }

  /** The final response's body, failing with the deadline once it has passed. */
  private final class Covered implements Body {
    private final Body inner;

    Covered(Body inner) {
      this.inner = inner;
    }

    @Override
    public long length() {
      return inner.length();
    }

    @Override
    public CompletionStage<Optional<ByteBuffer>> read() {
      TimeoutExceededException t = expired;
      if (t != null) {
        inner.cancel();
        return CompletableFuture.failedStage(t);
      }
      return inner.read().handle((piece, e) -> {
        if (e != null) {
          timer.cancel();
          TimeoutExceededException late = expired;
          throw new CompletionException(late != null ? late : Dispatcher.unwrap(e));
        }
        if (piece.isEmpty()) {
          timer.cancel();
        }
        return piece;
      });
    }

    @Override
    public void cancel() {
      timer.cancel();
      inner.cancel();
    }
  }
}
