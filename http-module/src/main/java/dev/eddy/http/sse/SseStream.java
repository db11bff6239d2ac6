package dev.eddy.http.sse;

import dev.eddy.http.Body;
import dev.eddy.http.Sse;
import dev.eddy.sync.Channel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One event stream: events are encoded when sent (so a bad field fails the caller at once) into a
 * bounded {@link Channel} of byte buffers, one per event, which the server drains as the body of
 * the response. The channel gives the backpressure and the ordering; closing it (by {@link
 * #close()}, or by the server's {@link #cancel()} when the client goes away) ends the body and
 * fails waiting senders.
 *
 * <p>Thread-safety: the {@link Sse} methods, {@link #cancel()} and {@link #isClosed()} from any
 * thread; {@link #read()} by one reader at a time (the server).
 */
public final class SseStream implements Sse, Body {

  private final Channel<ByteBuffer> events;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  /** A stream that buffers up to {@code capacity} events. */
  public SseStream(int capacity) {
    this.events = Channel.bounded(capacity);
  }

  // ---- Sse -----------------------------------------------------------------------------------

  @Override
  public CompletionStage<Void> send(String data) {
    return send(null, null, data);
  }

  @Override
  public CompletionStage<Void> send(String event, String data) {
    return send(null, event, data);
  }

  @Override
  public CompletionStage<Void> send(String id, String event, String data) {
    Objects.requireNonNull(data, "data");
    StringBuilder b = new StringBuilder(data.length() + 32);
    if (id != null) {
      b.append("id: ").append(field("id", id, true)).append('\n');
    }
    if (event != null) {
      b.append("event: ").append(field("event", event, false)).append('\n');
    }
    lines(b, "data: ", data);
    return enqueue(b.append('\n'));
  }

  @Override
  public CompletionStage<Void> comment(String text) {
    StringBuilder b = new StringBuilder(text.length() + 4);
    lines(b, ": ", text);
    return enqueue(b);
  }

  @Override
  public CompletionStage<Void> retry(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("retry delay = " + delay + ": expected zero or more");
    }
    return enqueue(new StringBuilder("retry: ").append(delay.toMillis()).append("\n\n"));
  }

  @Override
  public void close() {
    events.close();
    closed.complete(null);
  }

  @Override
  public boolean isClosed() {
    return events.isClosed();
  }

  @Override
  public CompletionStage<Void> whenClosed() {
    return closed.minimalCompletionStage();
  }

  // ---- Body (the server's side) --------------------------------------------------------------

  @Override
  public CompletionStage<Optional<ByteBuffer>> read() {
    return events.receive();
  }

  @Override
  public long length() {
    return -1;
  }

  /** The client went away: drop what is buffered and close. */
  @Override
  public void cancel() {
    close();
    while (events.tryReceive().isPresent()) {
      // drop: nobody will read these events
    }
  }

  // ---- encoding ------------------------------------------------------------------------------

  private CompletionStage<Void> enqueue(StringBuilder event) {
    return events.send(ByteBuffer.wrap(event.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Appends {@code text} as one {@code prefix} line per line of it (CRLF, CR or LF breaks). */
  private static void lines(StringBuilder b, String prefix, String text) {
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        b.append(prefix).append(text, start, i).append('\n');
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    b.append(prefix).append(text, start, text.length()).append('\n');
  }

  private static String field(String name, String value, boolean noNul) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || noNul && c == 0) {
        throw new IllegalArgumentException("SSE " + name + " '" + value.replace("\r", "\\r")
            .replace("\n", "\\n").replace("\0", "\\0") + "' contains a line break at index "
            + i + ": expected a single line" + (noNul ? " without NUL" : ""));
      }
    }
    return value;
  }
}
