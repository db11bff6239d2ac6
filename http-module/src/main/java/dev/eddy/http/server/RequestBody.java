package dev.eddy.http.server;

import dev.eddy.http.Body;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The body of a request being received: the connection {@link #offer}s copies of the body bytes
 * as they are parsed, the handler {@link #read}s them. When more than {@code window} bytes wait
 * unread, {@link #isFull()} tells the connection to stop reading; a read that drains the queue
 * asks the connection to go on ({@link Listener#drained}).
 *
 * <p>Once the response has gone out ({@link #discard}), the rest of the body is dropped as it
 * arrives and every read fails with an {@link IOException}: the body was abandoned.
 *
 * <p>The first read of a body whose client sent {@code Expect: 100-continue} asks the connection
 * to send {@code 100 Continue} ({@link Listener#wantsBody}).
 *
 * <p>Thread-safety: {@link #offer}, {@link #end}, {@link #fail} and {@link #discard} run on the
 * connection's task; {@link #read} on any thread. One lock guards the queue; completions run
 * outside it.
 */
final class RequestBody implements Body {

  /** What the connection hears back from the body. */
  interface Listener {
    /** The reader took bytes and fewer than the window wait now: read on. */
    void drained();

    /** The first read happened: send 100 Continue if the client waits for it. */
    void wantsBody();
  }

  private final long length;
  private final int window;
  private final Listener listener;
  private final ArrayDeque<ByteBuffer> pieces = new ArrayDeque<>();
  private long queued;
  private boolean ended;
  private boolean discarding;
  private boolean asked;
  private Throwable failure;
  private CompletableFuture<Optional<ByteBuffer>> waiting;

  RequestBody(long length, int window, Listener listener) {
    this.length = length;
    this.window = window;
    this.listener = listener;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public CompletionStage<Optional<ByteBuffer>> read() {
    CompletableFuture<Optional<ByteBuffer>> pending = null;
    Optional<ByteBuffer> piece = null;
    boolean first;
    boolean drained = false;
    synchronized (this) {
      if (waiting != null) {
        return CompletableFuture.failedStage(new IllegalStateException(
            "a read of this request body is in flight; read one piece at a time"));
      }
      first = !asked;
      asked = true;
      ByteBuffer b = pieces.pollFirst();
      if (b != null) {
        // Hysteresis: the connection stopped above the window and goes on below half of it.
        drained = queued > window / 2 && queued - b.remaining() <= window / 2;
        queued -= b.remaining();
        piece = Optional.of(b);
      } else if (failure != null) {
        return CompletableFuture.failedStage(failure);
      } else if (ended) {
        piece = Optional.empty();
      } else {
        waiting = new CompletableFuture<>();
        pending = waiting;
      }
    }
    if (first) {
      listener.wantsBody();
    }
    if (drained) {
      listener.drained();
    }
    return pending != null ? pending : CompletableFuture.completedStage(piece);
  }

  /** Adds a copy of {@code bytes} (consumed); task only. */
  void offer(ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
    copy.put(bytes).flip();
    CompletableFuture<Optional<ByteBuffer>> w;
    synchronized (this) {
      if (discarding) {
        return;
      }
      w = waiting;
      waiting = null;
      if (w == null) {
        pieces.addLast(copy);
        queued += copy.remaining();
      }
    }
    if (w != null) {
      w.complete(Optional.of(copy));
    }
  }

  /** The body is complete; task only. */
  void end() {
    CompletableFuture<Optional<ByteBuffer>> w;
    synchronized (this) {
      ended = true;
      w = waiting;
      waiting = null;
    }
    if (w != null) {
      w.complete(Optional.empty());
    }
  }

  /**
   * The body broke off: the connection closed mid-body (an {@link java.io.IOException}), or the
   * rest of it was refused (an {@link dev.eddy.http.HttpError}); task only.
   */
  void fail(Exception cause) {
    CompletableFuture<Optional<ByteBuffer>> w;
    synchronized (this) {
      if (ended) {
        return;
      }
      failure = cause;
      w = waiting;
      waiting = null;
    }
    if (w != null) {
      w.completeExceptionally(cause);
    }
  }

  /**
   * The response went out before the body was read: drop what comes, and fail the pending read
   * and every later one, so a handler still reading never takes a prefix for the whole body;
   * task only.
   */
  void discard() {
    CompletableFuture<Optional<ByteBuffer>> w;
    IOException abandoned =
        new IOException("request body abandoned: the response was already sent");
    synchronized (this) {
      discarding = true;
      pieces.clear();
      queued = 0;
      if (failure == null) {
        failure = abandoned;
      }
      w = waiting;
      waiting = null;
    }
    if (w != null) {
      w.completeExceptionally(abandoned);
    }
  }

  /** Whether more than the window waits unread; task only. */
  synchronized boolean isFull() {
    return queued > window;
  }

  /** Whether the handler has asked for the body yet. */
  synchronized boolean wasAsked() {
    return asked;
  }

  /** Whether the whole body has been received. */
  synchronized boolean isEnded() {
    return ended;
  }
}
