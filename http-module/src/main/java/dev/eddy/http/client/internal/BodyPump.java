package dev.eddy.http.client.internal;

import dev.eddy.http.Body;
import dev.eddy.http.codec.RequestEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Sends the body of a request for its {@link Connection}: checks it against its announced
 * length, frames it (chunked when the length is unknown) with the connection's encoder, and
 * writes it piece by piece as the body yields them, reading the next piece only once the last one
 * is written (backpressure from the socket to the body).
 *
 * <p>Threads: one body at a time, as the connection's exchanges; each step runs where the stage
 * before it completed.
 */
final class BodyPump {

  private final RequestEncoder encoder;
  private final Function<ByteBuffer, CompletionStage<Void>> write;

  BodyPump(RequestEncoder encoder, Function<ByteBuffer, CompletionStage<Void>> write) {
    this.encoder = encoder;
    this.write = write;
  }

  /** Streams the body: one write for bytes, else piece by piece as the body yields them. */
  CompletionStage<Void> send(Body body, byte[] fixed, long length) {
    if (fixed != null) {
      return write.apply(ByteBuffer.wrap(fixed));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    pump(body, length, 0, done);
    return done;
  }

  /**
   * Sends the body piece by piece. A loop, not a chain of callbacks: pieces and writes that
   * complete at once (a fast peer, a body in memory) go round the loop, and only a step that
   * has to wait continues in a callback. Off the runtime's workers there is no cooperative
   * budget to cut a chain short, and a chain of synchronous completions one per piece overflowed
   * the stack mid-body (the error vanished inside a stage, and the upload stalled).
   */
  private void pump(Body body, long length, long sent, CompletableFuture<Void> done) {
    long at = sent;
    while (true) {
      CompletableFuture<Optional<ByteBuffer>> next = body.read().toCompletableFuture();
      if (!next.isDone()) {
        long from = at;
        next.whenComplete((piece, failure) -> {
          long total = piece != null && piece.isPresent() ? from + piece.get().remaining() : from;
          CompletionStage<Void> written = sendPiece(body, length, from, piece, failure, done);
          if (written != null) {
            written.whenComplete((v, e) -> afterPiece(body, length, total, e, done));
          }
        });
        return;
      }
      Optional<ByteBuffer> piece;
      Throwable failure = null;
      try {
        piece = next.join();
      } catch (CompletionException e) {
        piece = null;
        failure = e.getCause() != null ? e.getCause() : e;
      }
      long total = piece != null && piece.isPresent() ? at + piece.get().remaining() : at;
      CompletionStage<Void> written = sendPiece(body, length, at, piece, failure, done);
      if (written == null) {
        return; // ended or failed
      }
      CompletableFuture<Void> w = written.toCompletableFuture();
      if (!w.isDone()) {
        w.whenComplete((v, e) -> afterPiece(body, length, total, e, done));
        return;
      }
      if (w.isCompletedExceptionally()) {
        afterPiece(body, length, total, w.handle((v, e) -> e).join(), done);
        return;
      }
      at = total;
    }
  }

  /** After a piece was written: on with the next one, or fail. */
  private void afterPiece(Body body, long length, long total, Throwable e,
      CompletableFuture<Void> done) {
    if (e != null) {
      body.cancel();
      done.completeExceptionally(e);
    } else {
      pump(body, length, total, done);
    }
  }

  /**
   * Writes one piece (after {@code sent} bytes), or ends the body.
   *
   * @return the write of the piece, or {@code null} when {@code done} has been settled (the
   *     body ended or failed; the last chunk's write settles it when it completes)
   */
  private CompletionStage<Void> sendPiece(Body body, long length, long sent,
      Optional<ByteBuffer> piece, Throwable failure, CompletableFuture<Void> done) {
    if (failure != null) {
      done.completeExceptionally(failure);
      return null;
    }
    if (piece.isEmpty()) {
      if (length >= 0 && sent != length) {
        done.completeExceptionally(new IOException("the request body ended after " + sent
            + " bytes but its length() announced " + length));
        return null;
      }
      if (length < 0) {
        encoder.lastChunk();
        write.apply(encoder.drain()).whenComplete((v, e) -> complete(done, e));
      } else {
        done.complete(null);
      }
      return null;
    }
    ByteBuffer b = piece.get();
    long total = sent + b.remaining();
    if (length >= 0 && total > length) {
      body.cancel();
      done.completeExceptionally(new IOException("the request body gave more than the "
          + length + " bytes its length() announced"));
      return null;
    }
    if (length < 0) {
      encoder.chunk(b);
      return write.apply(encoder.drain());
    }
    return write.apply(b);
  }

  private static void complete(CompletableFuture<Void> done, Throwable e) {
    if (e != null) {
      done.completeExceptionally(e);
    } else {
      done.complete(null);
    }
  }
}
