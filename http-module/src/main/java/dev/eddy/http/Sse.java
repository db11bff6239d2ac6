package dev.eddy.http;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The sending side of one server-sent event stream (the HTML {@code EventSource} protocol), given
 * to an {@link SseEndpoint}. Each {@code send} writes one event:
 *
 * <pre>{@code
 * sse.send("price", "{\"eur\":42}");          // event: price / data: {"eur":42}
 * sse.send("17", "price", "{\"eur\":43}");    // with an id the client echoes in Last-Event-ID
 * }</pre>
 *
 * <p><b>Framing.</b> Data with line breaks (CRLF, CR or LF) is sent as several {@code data:}
 * lines, which the client joins with LF. An id or event name containing CR or LF (or an id with
 * NUL) is refused with {@link IllegalArgumentException}: it could forge other events.
 *
 * <p><b>Backpressure.</b> Events wait in a bounded buffer (16 events unless the route says
 * otherwise) until the connection can take them. The stage of a {@code send} completes when the
 * event is in that buffer: a producer that waits for it before sending the next event is paced by
 * the client and the server's memory stays bounded however slow the client reads. Sends that do
 * not wait are queued behind the buffer in call order, without a bound.
 *
 * <p><b>End.</b> {@link #close()} ends the stream once the buffered events are out. When the
 * client goes away (or the connection breaks) the stream closes by itself: {@link #whenClosed()}
 * completes, buffered events are dropped, and waiting and later sends fail with {@link
 * dev.eddy.sync.ChannelClosedException}. A graceful {@code Server.shutdown} closes every open
 * stream as {@link #close()} does when it begins (the client reconnects elsewhere), so that a
 * stream does not hold the shutdown until its deadline. Nothing here tells the server to stop a
 * producer: producers should stop on {@link #whenClosed()} or on a failed send.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. Events from one thread go out in
 * the order sent. A {@code send} stage completes on the sending thread if there is room, else on
 * the connection's worker when room is made; {@link #whenClosed()} completes on the thread that
 * closed the stream ({@link #close()}'s caller, or the connection's worker).
 *
 * <p>Over a connection that is otherwise silent, proxies may drop the stream after a while: send
 * a {@link #comment(String)} now and then (a timer's interval) to keep it open.
 */
public interface Sse {

  /** Sends an event of the default type ({@code message}) with {@code data}. */
  CompletionStage<Void> send(String data);

  /** Sends an event named {@code event} (the {@code addEventListener} name) with {@code data}. */
  CompletionStage<Void> send(String event, String data);

  /**
   * Sends an event with an {@code id} (remembered by the client and sent back as {@code
   * Last-Event-ID} when it reconnects), named {@code event}, with {@code data}; a {@code null}
   * {@code id} or {@code event} is left out.
   *
   * @throws IllegalArgumentException if {@code id} or {@code event} contains CR or LF, or {@code
   *     id} NUL
   * @throws NullPointerException if {@code data} is {@code null}
   */
  CompletionStage<Void> send(String id, String event, String data);

  /** Sends a comment, which clients ignore: a keep-alive for idle streams. */
  CompletionStage<Void> comment(String text);

  /**
   * Tells the client how long to wait before reconnecting after the stream breaks.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  CompletionStage<Void> retry(Duration delay);

  /** Ends the stream after the events already accepted; idempotent. */
  void close();

  /** Whether the stream is closed (by {@link #close()} or because the client went away). */
  boolean isClosed();

  /**
   * A stage that completes (normally) once the stream is closed, by {@link #close()} or because
   * the client went away; no event is accepted after that.
   */
  CompletionStage<Void> whenClosed();
}
