package dev.eddy.net;

import dev.eddy.net.internal.ServerCore;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A TCP server, push style: the runtime accepts connections, reads each one when its socket is
 * readable and feeds the bytes to a {@link ConnectionHandler}; replies go through {@link
 * Connection#write}, with backpressure. Netty's {@code ServerBootstrap} with one handler, on the
 * runtime's workers.
 *
 * <pre>{@code
 * TcpServer server = TcpServer.bind(runtime, new InetSocketAddress("127.0.0.1", 8080),
 *     (connection, data) -> connection.write(data)).toCompletableFuture().join();
 * }</pre>
 *
 * <p><b>Where things run.</b> Each accepted connection is a task of the runtime, registered with
 * the selectors of the workers in turn (as Netty spreads channels over its event loops); its
 * readiness wakes it on the worker whose selector saw it, which reads, calls the handler and
 * writes, normally without changing threads. An idle connection holds no thread and no buffer.
 *
 * <p><b>Limits.</b> See {@link ServerConfig}: at most {@code max-connections} open connections
 * (the server stops accepting at the limit), an optional idle timeout, outbound water marks.
 *
 * <p><b>Thread-safety.</b> Every method from any thread. An open server is a task of its runtime:
 * a graceful {@link Runtime#close()} waits for it, so close it when done.
 */
public final class TcpServer implements AutoCloseable {

  private final ServerCore core;

  private TcpServer(ServerCore core) {
    this.core = core;
  }

  /**
   * Binds {@code address} on the runtime of the calling worker ({@link Runtime#current()}), with
   * the settings of {@code eddy.net}.
   *
   * @throws IllegalStateException if called outside a runtime's threads
   */
  public static CompletionStage<TcpServer> bind(InetSocketAddress address,
      ConnectionHandler handler) {
    return bind(Runtime.current(), address, handler);
  }

  /** Binds {@code address} on {@code runtime} with the settings of {@code eddy.net}. */
  public static CompletionStage<TcpServer> bind(Runtime runtime, InetSocketAddress address,
      ConnectionHandler handler) {
    return bind(runtime, address, handler, defaults());
  }

  /**
   * Binds {@code address} (port 0: any free port, see {@link #localAddress()}) on {@code runtime}
   * and starts accepting connections for {@code handler}.
   *
   * @return a stage that completes with the server once it listens; failed with the {@link
   *     java.net.BindException} of a port in use, for example
   */
  public static CompletionStage<TcpServer> bind(Runtime runtime, InetSocketAddress address,
      ConnectionHandler handler, ServerConfig config) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(config, "config");
    return ServerCore.bind(runtime, address, handler, config).thenApply(TcpServer::new);
  }

  /** The bound address, with the actual port when bound to port 0. */
  public InetSocketAddress localAddress() {
    return core.localAddress();
  }

  /** Connections open now. */
  public int connectionCount() {
    return core.connectionCount();
  }

  /**
   * Stops accepting (the port is free by the time {@link #whenClosed()} completes) and closes
   * every open connection gracefully, as {@link Connection#close()} does: each sends what it has
   * queued, then closes, within {@code eddy.net.server.close-timeout} (then it is aborted).
   * Idempotent; any thread; never throws.
   */
  @Override
  public void close() {
    core.close();
  }

  /**
   * Stops accepting and aborts every open connection ({@link Connection#abort()}): queued bytes
   * are dropped and the sockets closed at once, whatever the peers do. The end of a graceful
   * shutdown whose deadline has passed: {@link #whenClosed()} completes soon after (each
   * connection's {@code onClose} runs on its task). Idempotent, also after {@link #close()} (it
   * cuts the graceful closes short); any thread; never throws.
   */
  public void abort() {
    core.abort();
  }

  /**
   * Stops accepting (the port is free soon, and by the time {@link #whenClosed()} completes) and
   * leaves the open connections alone: the first step of a graceful shutdown by a protocol on
   * top, which then closes each connection when it has finished its work. {@link #close()} or
   * {@link #abort()} afterwards still ends the rest. Idempotent; any thread; never throws.
   */
  public void stopAccepting() {
    core.stopAccepting();
  }

  /**
   * A stage completed once the server has stopped accepting ({@link #close()}, {@link
   * #stopAccepting()}, or the runtime's shutdown) and its last connection has closed, after that
   * connection's {@code onClose}.
   */
  public CompletionStage<Void> whenClosed() {
    return core.whenTerminated();
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return core.isClosing();
  }

  @Override
  public String toString() {
    return "TcpServer[" + localAddress() + ", " + connectionCount() + " connections"
        + (isClosed() ? ", closed]" : "]");
  }

  /** The settings of this process ({@link ServerConfig#load()}), loaded on first use. */
  private static ServerConfig defaults() {
    ServerConfig c = defaults;
    if (c == null) {
      c = ServerConfig.load(); // a bad value throws here, on every call, naming the key
      defaults = c;
    }
    return c;
  }

  private static volatile ServerConfig defaults;
}
