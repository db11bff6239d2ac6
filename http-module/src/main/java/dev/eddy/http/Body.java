package dev.eddy.http;

import dev.eddy.http.internal.Bodies;
import dev.eddy.sync.Channel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The bytes of a request or response body, read piece by piece: a pull-style stream, so the
 * reader sets the pace (backpressure). A request body streams from the socket: while its reader
 * does not ask for more, the server stops reading that connection. A response body may stream
 * from a {@link Channel} the handler fills, with {@link #from(Channel)}.
 *
 * <p>Most handlers never see this type: {@link Request#bodyString()}, {@link
 * Request#bodyJson(Class)} and the {@link Response} factories read and make whole bodies.
 *
 * <p>Thread-safety: one reader at a time, one {@link #read()} in flight at a time; the stage may
 * complete on any thread (for a request body: the connection's worker). A body is read once.
 */
public interface Body {

  /**
   * The next bytes of the body, owned by the caller from then on.
   *
   * @return a stage with the next non-empty piece, {@link Optional#empty()} at the end of the
   *     body; failed if the body broke off (the peer closed the connection mid-body) or went over
   *     a limit (an {@link HttpError} with status 413)
   */
  CompletionStage<Optional<ByteBuffer>> read();

  /** The length in bytes when known up front ({@code Content-Length}), else -1. */
  long length();

  /**
   * Tells the body that nobody will read it to the end, so it can let go of what it holds (a
   * file, a producer waiting to send). The server calls it for a response body it stops sending
   * (the client went away, the connection broke) or never sends (a HEAD request, a 304), and may
   * call it after a body broke its length or failed. A read still pending may then complete as
   * the body likes (empty, or failed). Does nothing by default; a body from {@link
   * #from(Channel)} closes its channel, so the producer's next {@code send} fails.
   *
   * <p>May be called from any thread (the server: the connection's worker), at most once by the
   * server, possibly concurrently with a pending read.
   */
  default void cancel() {}

  /** Reads the whole body into one array. */
  default CompletionStage<byte[]> bytes() {
    return Bodies.readAll(this);
  }

  /** Reads the whole body as UTF-8 text. */
  default CompletionStage<String> string() {
    return bytes().thenApply(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** A body with no bytes. */
  static Body empty() {
    return Bodies.EMPTY;
  }

  /** A body of {@code bytes} (not copied: do not change the array afterwards). */
  static Body of(byte[] bytes) {
    return Bodies.of(bytes);
  }

  /** A body of {@code text} in UTF-8. */
  static Body of(String text) {
    return Bodies.of(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A body streamed from {@code source}, of unknown length (sent chunked): each buffer received
   * is a piece, and closing the channel ends the body. The server receives from the channel only
   * as fast as the client reads, so a producer that {@code send}s and waits on the returned stage
   * is paced by the client. If the client goes away first, the server closes the channel
   * ({@link #cancel()}), so waiting and later sends fail with {@link
   * dev.eddy.sync.ChannelClosedException}.
   */
  static Body from(Channel<ByteBuffer> source) {
    return Bodies.from(source);
  }
}
