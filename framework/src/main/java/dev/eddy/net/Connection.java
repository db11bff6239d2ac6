package dev.eddy.net;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One connection of a {@link TcpServer}, as its {@link ConnectionHandler} sees it: where to write
 * replies, and how to close.
 *
 * <p><b>Writes and backpressure.</b> {@link #write} sends at once what the socket takes and
 * queues the rest (copied into pooled buffers) to be sent when the socket is writable again.
 * While more than the high-water mark ({@code eddy.net.server.high-water-mark}) is queued, the
 * connection is not writable: {@code write} returns {@code false}, and the connection stops
 * reading, so a peer that does not read cannot make a request-reply handler (an echo) queue
 * without bound. When the queue drains below the low-water mark, reading resumes and {@link
 * ConnectionHandler#onWritable} is called. A handler that produces data on its own (a stream, a
 * timer) must stop writing when {@code write} returns {@code false} and go on in {@code
 * onWritable}; a write that would take the queue past {@code eddy.net.server.max-queued-bytes}
 * is refused and aborts the connection, with an {@link java.io.IOException} naming both numbers.
 * A queue that does not shrink for {@code eddy.net.server.write-timeout} (a peer that stopped
 * reading) aborts the connection too.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread. Bytes written from one
 * thread go out in the order written; called from the connection's own handler calls, {@code
 * write} may send without copying, from any other thread it copies and hands the bytes to the
 * connection's task.
 */
public interface Connection {

  /**
   * Sends the bytes of {@code src} between its position and limit, or queues what the socket
   * does not take now. {@code src} is consumed (its position moves to its limit) and may be
   * reused as soon as this returns. Bytes written after {@link #close()} or {@link #abort()}, or
   * to a closed connection, are dropped (logged at debug).
   *
   * @return {@link #isWritable()} after this write: {@code false} asks the caller to stop writing
   *     until {@link ConnectionHandler#onWritable}
   */
  boolean write(ByteBuffer src);

  /** Whether the outbound queue is below the high-water mark, and the connection is open. */
  boolean isWritable();

  /** Bytes written but not yet handed to the socket. */
  long queuedBytes();

  /**
   * Closes the connection gracefully: stops delivering input (what the peer still sends is read
   * and dropped), sends every byte queued so far, then closes the socket and calls {@link
   * ConnectionHandler#onClose} with {@code null}. If the peer was still sending, the output is
   * shut down after the last byte and the close lingers up to {@code
   * eddy.net.server.linger-timeout} for the peer's end of stream, so the peer reads the reply
   * rather than a reset. A close not finished within {@code eddy.net.server.close-timeout}
   * becomes an {@link #abort()}. Idempotent.
   */
  void close();

  /**
   * Closes the connection now: queued bytes are dropped, the socket is closed, and {@link
   * ConnectionHandler#onClose} is called with {@code null}. Idempotent; after {@link #close()} it
   * stops the flush.
   */
  void abort();

  /**
   * Stops reading this connection until {@link #resumeReading()}: no more {@code onData} calls
   * (after the current one), and the peer's sends are held back by TCP flow control. For a
   * handler that cannot take more input yet, such as a server whose application has not read the
   * request body so far. Independent of the pause the high-water mark makes. Any thread.
   */
  void pauseReading();

  /** Undoes {@link #pauseReading()}: reading resumes soon, on the connection's task. Any thread. */
  void resumeReading();

  /**
   * Runs {@code action} on the connection's task: after the current handler call if any, never
   * at the same time as a handler call for this connection, and in the order of {@code execute}
   * calls. The way for code on other threads (a response completed elsewhere) to act as the
   * handler would, with direct writes. Dropped if the connection is already closed, as actions of
   * a closing connection that did not run before it closed are. More than {@code
   * eddy.net.server.max-queued-actions} actions waiting abort the connection. Any thread.
   */
  void execute(Runnable action);

  /**
   * Whether neither {@link #close()} nor {@link #abort()} has been asked for and the connection
   * has not failed. Still {@code true} after the peer shut down its output ({@link
   * ConnectionHandler#onInputShutdown}): the connection can still be written to.
   */
  boolean isOpen();

  /** The server's side of the connection. */
  InetSocketAddress localAddress();

  /** The peer's address. */
  InetSocketAddress remoteAddress();

  /** Stores one object of the handler's own with this connection (its per-connection state). */
  void attach(Object attachment);

  /** What {@link #attach} stored; {@code null} before. */
  Object attachment();
}
