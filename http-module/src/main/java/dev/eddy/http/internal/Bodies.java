package dev.eddy.http.internal;

import dev.eddy.http.Body;
import dev.eddy.sync.Channel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The {@link Body} implementations behind its factories, and whole-body reading. */
public final class Bodies {

  private Bodies() {}

  private static final CompletionStage<Optional<ByteBuffer>> END =
      CompletableFuture.completedStage(Optional.empty());

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
    byte[] known = bytesOf(body);
    if (known != null) {
      return CompletableFuture.completedStage(known);
    }
    CompletableFuture<byte[]> all = new CompletableFuture<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream(
        body.length() > 0 ? (int) Math.min(body.length(), 1 << 20) : 256);
    readNext(body, out, all);
    return all;
  }

  private static void readNext(Body body, ByteArrayOutputStream out,
      CompletableFuture<byte[]> all) {
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
  private static boolean accept(Optional<ByteBuffer> piece, Throwable failure,
      ByteArrayOutputStream out, CompletableFuture<byte[]> all) {
    if (failure != null) {
      all.completeExceptionally(failure instanceof java.util.concurrent.CompletionException c
          && c.getCause() != null ? c.getCause() : failure);
      return false;
    }
    if (piece.isEmpty()) {
      all.complete(out.toByteArray());
      return false;
    }
    ByteBuffer b = piece.get();
    if (b.hasArray()) {
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    } else {
      byte[] copy = new byte[b.remaining()];
      b.get(copy);
      out.write(copy, 0, copy.length);
    }
    return true;
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
