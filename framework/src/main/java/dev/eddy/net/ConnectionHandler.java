package dev.eddy.net;

import java.nio.ByteBuffer;

/**
 * What a {@link TcpServer} does with its connections, push style: the runtime reads each
 * connection when its socket is readable and calls this handler with the bytes (Netty's {@code
 * ChannelInboundHandler}, Vert.x's {@code NetSocket} handlers). One handler serves every
 * connection of its server, as a {@code @Sharable} Netty handler does; keep per-connection state
 * with {@link Connection#attach(Object)}.
 *
 * <pre>{@code
 * TcpServer.bind(runtime, address, (connection, data) -> connection.write(data)); // echo
 * }</pre>
 *
 * <p><b>Threads and order.</b> The calls for one connection never overlap and are made in order
 * ({@code onOpen}, then any number of {@code onData} and {@code onWritable}, at most one {@code
 * onInputShutdown} after the last {@code onData}, then {@code onClose} exactly once), on a worker thread of the server's runtime; each call happens-after the previous
 * one for that connection, so plain fields reached from the attachment need no locks. Calls for
 * different connections run in parallel on different workers. Do not block in a handler: hand
 * blocking work to {@link dev.eddy.runtime.Runtime#spawnBlocking} and write the result back from
 * there ({@link Connection#write} is thread-safe).
 *
 * <p><b>Failures.</b> An exception thrown by a handler method is logged at WARN, the connection is
 * aborted, and {@link #onClose} receives the exception. It never reaches the worker.
 */
@FunctionalInterface
public interface ConnectionHandler {

  /** The connection was accepted; it may be written to at once. Does nothing by default. */
  default void onOpen(Connection connection) {}

  /**
   * Bytes arrived: {@code data} holds them between its position and its limit.
   *
   * <p>{@code data} is a pooled buffer lent for the duration of this call only: consume it, or
   * copy what must outlive the call. Passing it to {@link Connection#write} is fine (the write
   * sends or copies it before returning). The handler is not called again while the connection's
   * outbound queue is above the high-water mark (see {@link Connection#write}).
   */
  void onData(Connection connection, ByteBuffer data);

  /**
   * The peer has shut down its output (end of stream: it sent a FIN, as {@code shutdown(SHUT_WR)}
   * or a close does): no more {@code onData} for this connection, but it stays writable, so a
   * reply that is still being produced (by a timer, another thread, the blocking pool) can be
   * sent; whoever handles the connection closes it when done. Called once, on the connection's
   * task, after the last {@code onData}.
   *
   * <p>By default closes the connection gracefully ({@link Connection#close()}: what is queued
   * is sent, then the socket closes), as a raw TCP server expects of a peer that has left.
   */
  default void onInputShutdown(Connection connection) {
    connection.close();
  }

  /**
   * The outbound queue, which had grown past the high-water mark, has drained below the low-water
   * mark: writing may go on, and reading has resumed. Does nothing by default.
   */
  default void onWritable(Connection connection) {}

  /**
   * The connection is closed, exactly once, whatever closed it. Does nothing by default.
   *
   * @param cause {@code null} after a clean close: by {@link Connection#close()}, {@link
   *     Connection#abort()}, the server's close (or abort), or the peer's end of stream once
   *     every queued byte was sent; otherwise why it failed: the {@link java.io.IOException} of a
   *     reset connection or of a write past {@code max-queued-bytes}, a {@link
   *     dev.eddy.time.TimeoutExceededException} after the idle, write or close timeout, the
   *     exception a handler method threw
   */
  default void onClose(Connection connection, Throwable cause) {}
}
