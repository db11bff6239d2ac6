package dev.eddy.http.client.internal;

import dev.eddy.http.Body;
import dev.eddy.http.codec.HttpParseException;
import dev.eddy.http.codec.MessageParser.Event;
import dev.eddy.http.codec.ResponseHead;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a response streaming from its {@link Connection}: each {@link #read()} parses what
 * the connection already holds and reads the socket only when that is used up, so a slow reader
 * slows the server down (TCP backpressure) and at most one read buffer of the body is in memory.
 * Pieces are copies, owned by the reader. At the end the connection goes back to the pool;
 * {@link #cancel()} before the end closes it. A body cut short (end of stream inside a
 * Content-Length or chunked body) fails; it never ends as if complete.
 *
 * <p><b>Dropped responses.</b> A streaming body that becomes unreachable before its end (the
 * caller neither read it nor closed the response) would hold its connection, and its slot of
 * the pool, forever. A {@link Cleaner} closes that connection once the garbage collector finds
 * the body unreachable, and logs a warning: the slot comes back, late. The cleaning action holds
 * the connection and the {@code over} flag, never the body itself.
 *
 * <p>Threads: one read at a time (the {@link Body} contract); {@link #cancel()} from any thread.
 */
final class ResponseBody implements Body {

  private static final Logger log = LoggerFactory.getLogger(ResponseBody.class);
  private static final Cleaner CLEANER = Cleaner.create(r -> {
    Thread t = new Thread(r, "eddy-client-cleaner");
    t.setDaemon(true);
    return t;
  });
  private static final CompletionStage<Optional<ByteBuffer>> END =
      CompletableFuture.completedStage(Optional.empty());

  private final Connection conn;
  private final ResponseHead head;
  private final ArrayDeque<ByteBuffer> early = new ArrayDeque<>(2);
  private final AtomicBoolean over = new AtomicBoolean(); // ended, failed or cancelled
  private boolean ended;
  private Throwable failure;
  private volatile Cleaner.Cleanable cleanable;

  ResponseBody(Connection conn, ResponseHead head) {
    this.conn = conn;
    this.head = head;
  }

  /** Pieces parsed with the head, handed out first. */
  void prepend(List<ByteBuffer> pieces) {
    early.addAll(pieces);
  }

  /**
   * Closes the connection if this body becomes unreachable before its end (a response neither
   * read nor closed). For streaming bodies only: a body complete with its head holds nothing.
   */
  void watchUnreachable() {
    cleanable = CLEANER.register(this, dropped(conn, over));
  }

  /** The cleaning action: must not hold the body, or it would never become unreachable. */
  private static Runnable dropped(Connection conn, AtomicBoolean over) {
    return () -> {
      if (over.compareAndSet(false, true)) {
        log.warn("A response from {} was neither read to its end nor closed before it was "
            + "dropped; closing its connection (close the responses you do not read)",
            conn.pool.origin());
        conn.fail(new IOException("the response was dropped unread"), null);
      }
    };
  }

  /** Unregisters the cleaning action once the body is over (it then does nothing). */
  private void unwatch() {
    Cleaner.Cleanable c = cleanable;
    if (c != null) {
      c.clean();
    }
  }

  /** The body ended while the head was parsed: release the connection. */
  void finish() {
    if (over.compareAndSet(false, true)) {
      ended = true;
      unwatch();
      conn.exchangeDone(head);
    }
  }

  @Override
  public long length() {
    return head.framing() == dev.eddy.http.codec.BodyFraming.LENGTH ? head.contentLength() : -1;
  }

  @Override
  public CompletionStage<Optional<ByteBuffer>> read() {
    ByteBuffer first = early.poll();
    if (first != null) {
      return CompletableFuture.completedStage(Optional.of(first));
    }
    if (ended) {
      return END;
    }
    if (failure != null || over.get()) {
      return CompletableFuture.failedStage(failure != null ? failure
          : new java.io.IOException("the response body was cancelled"));
    }
    CompletableFuture<Optional<ByteBuffer>> next = new CompletableFuture<>();
    pull(next);
    return next;
  }

  private void pull(CompletableFuture<Optional<ByteBuffer>> next) {
    try {
      for (;;) {
        Event event = conn.parser.next(conn.in);
        switch (event) {
          case BODY -> {
            ByteBuffer piece = conn.parser.body();
            next.complete(Optional.of(ByteBuffer.allocate(piece.remaining()).put(piece).flip()));
            return;
          }
          case END -> {
            finish();
            next.complete(Optional.empty());
            return;
          }
          case NEED_MORE -> {
            readMore(next);
            return;
          }
          default -> throw new HttpParseException(400, "a second response head inside a body");
        }
      }
    } catch (HttpParseException e) {
      fail(conn.malformed(e), next);
    }
  }

  private void readMore(CompletableFuture<Optional<ByteBuffer>> next) {
    if (over.get()) {
      fail(new java.io.IOException("the response body was cancelled"), next);
      return;
    }
    conn.in.clear();
    conn.stream.read(conn.in).whenComplete((n, error) -> {
      conn.in.flip();
      if (error != null) {
        fail(error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
            ? c.getCause() : error, next);
      } else if (n < 0) {
        try {
          conn.parser.endOfInput(); // END for a close-delimited body, else throws
          finish();
          next.complete(Optional.empty());
        } catch (HttpParseException e) {
          fail(conn.malformed(e), next);
        }
      } else {
        pull(next);
      }
    });
  }

  private void fail(Throwable t, CompletableFuture<Optional<ByteBuffer>> next) {
    failure = t;
    if (over.compareAndSet(false, true)) {
      unwatch();
      conn.fail(t, null);
    }
    next.completeExceptionally(t);
  }

  @Override
  public void cancel() {
    early.clear();
    if (over.compareAndSet(false, true)) {
      unwatch();
      conn.fail(new IOException("cancelled"), null); // closes: not worth draining
    }
  }
}
