package dev.eddy.http.internal;

import dev.eddy.http.Body;
import dev.eddy.sync.Channel;
import dev.eddy.http.HttpError;
import dev.eddy.http.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The {@link Body} implementations behind its factories, and whole-body reading. */
public final class Bodies {

  private Bodies() {}

  private static final CompletionStage<Optional<ByteBuffer>> END =
      CompletableFuture.completedStage(Optional.empty());

  /** The longest array the VM surely allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** The empty body. */
  public static final Body EMPTY = new Fixed(new byte[0]);

  /** A body of {@code bytes}. */
  public static Body of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Fixed(bytes);
  }

  /** A body streamed from {@code source} until it closes. */
  public static Body from(Channel<ByteBuffer> source) {
    return new Body() {
      @Override
      public CompletionStage<Optional<ByteBuffer>> read() {
        return source.receive();
      }

      @Override
      public long length() {
        return -1;
      }

      @Override
      public void cancel() {
        source.close(); // the producer learns that nobody reads on
      }
    };
  }

  /** The bytes of an in-memory body, or {@code null} for a streamed one. */
  public static byte[] bytesOf(Body body) {
    return body instanceof Fixed f ? f.bytes : null;
  }

  /** Reads {@code body} to its end. */
  public static CompletionStage<byte[]> readAll(Body body) {
    return readAll(body, Long.MAX_VALUE, null);
  }

  /**
   * Reads {@code body} to its end, or fails with an {@link HttpError} 413 as soon as it is known
   * to be longer than {@code limit} bytes: at once for a declared {@link Body#length()} over it
   * (nothing is read), else when the piece that goes over arrives (nothing more is read; the
   * server discards the rest). {@code what} names the limit in the error ({@code "form body
   * (max-form-size)"}), or is {@code null} for none. A body too long for one array fails the
   * same way, whatever the limit.
   *
   * <p>Memory follows the bytes that arrived, never the length a peer declared (a head that
   * claims 10 MiB and sends one byte costs one byte): the pieces are kept as they come (each is
   * the reader's to keep, by the {@link Body} contract) and copied once into the result at the
   * end, so a body costs its size twice for that moment; a body of one heap piece is returned
   * as it is.
   */
  public static CompletionStage<byte[]> readAll(Body body, long limit, String what) {
    byte[] known = bytesOf(body);
    long length = known != null ? known.length : body.length();
    if (length > limit) {
      return CompletableFuture.failedStage(tooLarge(limit, what != null ? what : "body"));
    }
    if (known != null) {
      return CompletableFuture.completedStage(known);
    }
    CompletableFuture<byte[]> all = new CompletableFuture<>();
    readNext(body, new Sink(limit, what), all);
    return all;
  }

  private static HttpError tooLarge(long limit, String what) {
    return new HttpError(Status.CONTENT_TOO_LARGE, what + ": more than " + limit + " bytes");
  }

  private static void readNext(Body body, Sink out, CompletableFuture<byte[]> all) {
    // Iterates while reads complete at once, recursing only through asynchronous completions,
    // so a long body of ready pieces cannot overflow the stack.
    while (true) {
      CompletableFuture<Optional<ByteBuffer>> next = body.read().toCompletableFuture();
      if (!next.isDone()) {
        next.whenComplete((piece, failure) -> {
          if (accept(piece, failure, out, all)) {
            readNext(body, out, all);
          }
        });
        return;
      }
      Optional<ByteBuffer> piece;
      try {
        piece = next.join();
      } catch (java.util.concurrent.CompletionException e) {
        all.completeExceptionally(e.getCause() != null ? e.getCause() : e);
        return;
      }
      if (!accept(piece, null, out, all)) {
        return;
      }
    }
  }

  /** Adds one piece; whether to read on. */
  private static boolean accept(Optional<ByteBuffer> piece, Throwable failure, Sink out,
      CompletableFuture<byte[]> all) {
    if (failure != null) {
      all.completeExceptionally(failure instanceof java.util.concurrent.CompletionException c
          && c.getCause() != null ? c.getCause() : failure);
      return false;
    }
    if (piece.isEmpty()) {
      all.complete(out.bytes());
      return false;
    }
    if (!out.add(piece.get())) {
      all.completeExceptionally(tooLarge(out.limit, out.what));
      return false;
    }
    return true;
  }

  /**
   * The bytes read so far, as the pieces themselves: memory follows what arrived, not what the
   * peer declared.
   */
  private static final class Sink {
    final long limit;
    final String what;
    private final List<ByteBuffer> pieces = new ArrayList<>();
    private long size;

    Sink(long limit, String what) {
      this.limit = Math.min(limit, MAX_ARRAY); // one array holds it all
      this.what = what != null ? what : "body read whole";
    }

    /** Takes {@code b}; false if that makes the body longer than the limit. */
    boolean add(ByteBuffer b) {
      int n = b.remaining();
      if (n > limit - size) {
        return false;
      }
      if (n > 0) {
        pieces.add(b);
        size += n;
      }
      return true;
    }

    byte[] bytes() {
      if (pieces.size() == 1) {
        ByteBuffer only = pieces.get(0);
        if (only.hasArray() && only.arrayOffset() == 0 && only.position() == 0
            && only.remaining() == only.array().length) {
          return only.array();
        }
      }
      byte[] all = new byte[(int) size];
      int at = 0;
      for (ByteBuffer b : pieces) {
        int n = b.remaining();
        b.get(all, at, n);
        at += n;
      }
      pieces.clear();
      return all;
    }
  }

  /** A body held in memory. */
  private static final class Fixed implements Body {
    private final byte[] bytes;
    private boolean read;

    Fixed(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public CompletionStage<Optional<ByteBuffer>> read() {
      if (read || bytes.length == 0) {
        return END;
      }
      read = true;
      return CompletableFuture.completedStage(Optional.of(ByteBuffer.wrap(bytes)));
    }

    @Override
    public long length() {
      return bytes.length;
    }
  }
}
