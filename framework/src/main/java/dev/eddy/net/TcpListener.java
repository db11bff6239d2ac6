package dev.eddy.net;

import dev.eddy.net.internal.ChannelDriver;
import dev.eddy.net.internal.Op;
import dev.eddy.net.internal.Placement;
import dev.eddy.runtime.Runtime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AcceptPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A TCP socket listening for connections, pull style: {@link #accept()} returns a stage of the
 * next connection (async-std's and Tokio's {@code TcpListener}).
 *
 * <pre>{@code
 * TcpListener.bind(runtime, new InetSocketAddress("127.0.0.1", 0))
 *     .thenCompose(listener -> listener.accept())
 *     .thenAccept(stream -> serve(stream));
 * }</pre>
 *
 * <p><b>Who completes a stage, and where.</b> {@code accept} first tries a non-blocking accept on
 * the calling thread and completes at once when a connection is waiting; otherwise it completes
 * on the worker whose selector the listener is registered with, when a connection arrives. An
 * accepted stream is registered with the selector of the worker that accepted it (so a server
 * that accepts and serves on one worker keeps the connection there, and work-stealing spreads the
 * connection tasks), or round-robin when accepted from a thread outside the runtime.
 *
 * <p><b>Thread-safety.</b> Any method from any thread; one {@code accept} may be in flight at a
 * time (a second fails with {@link AcceptPendingException}). An open listener is a task of its
 * runtime, as a {@link TcpStream} is: close it when done.
 */
public final class TcpListener implements AutoCloseable {

  private final Runtime runtime;
  private final ServerSocketChannel channel;
  private final ChannelDriver driver;
  private final NetConfig config;
  private final InetSocketAddress local;

  private TcpListener(Runtime runtime, ServerSocketChannel channel, ChannelDriver driver,
      NetConfig config) throws IOException {
    this.runtime = runtime;
    this.channel = channel;
    this.driver = driver;
    this.config = config;
    this.local = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Binds {@code address} on the runtime of the calling worker ({@link Runtime#current()}), with
   * the settings of {@code eddy.net}.
   *
   * @throws IllegalStateException if called outside a runtime's threads
   */
  public static CompletionStage<TcpListener> bind(InetSocketAddress address) {
    return bind(Runtime.current(), address);
  }

  /** Binds {@code address} on {@code runtime} with the settings of {@code eddy.net}. */
  public static CompletionStage<TcpListener> bind(Runtime runtime, InetSocketAddress address) {
    return bind(runtime, address, TcpStream.defaults());
  }

  /**
   * Binds {@code address} (port 0: any free port, see {@link #localAddress()}) on {@code
   * runtime}, with {@link NetConfig#backlog()} and {@link NetConfig#soReuseAddr()}; accepted
   * streams get {@code config}'s stream settings.
   *
   * @return a stage that completes with the listener (on a worker, or at once on the calling
   *     worker); failed with the {@link java.net.BindException} of a port in use, for example
   */
  public static CompletionStage<TcpListener> bind(Runtime runtime, InetSocketAddress address,
      NetConfig config) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(config, "config");
    return Placement.open(runtime, parker -> {
      ServerSocketChannel ch = ServerSocketChannel.open();
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, config.soReuseAddr());
        ch.bind(address, config.backlog());
        ChannelDriver driver = new ChannelDriver(runtime, parker, ch, SelectionKey.OP_ACCEPT,
            AcceptPendingException::new, IllegalStateException::new);
        return CompletableFuture.completedFuture(new TcpListener(runtime, ch, driver, config));
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    });
  }

  /**
   * Accepts the next connection, waiting for one if none is pending.
   *
   * @return a stage with the new stream; failed with an {@link java.io.IOException} once the
   *     listener is closed, or {@link AcceptPendingException} if an accept is in flight
   */
  public CompletionStage<TcpStream> accept() {
    return driver.read(new Op<TcpStream>() {
      private TcpStream accepted;

      @Override
      protected boolean attempt() throws IOException {
        SocketChannel ch = channel.accept();
        if (ch == null) {
          return false;
        }
        accepted = TcpStream.accepted(runtime, driver, ch, config);
        return true;
      }

      @Override
      protected TcpStream result() {
        return accepted;
      }
    });
  }

  /** The bound address, with the actual port when bound to port 0. */
  public InetSocketAddress localAddress() {
    return local;
  }

  /**
   * Stops listening: a pending {@code accept} fails, the port is released. Streams accepted
   * before stay open. Idempotent; any thread; never throws.
   */
  @Override
  public void close() {
    driver.close("closed by TcpListener.close()");
  }

  /** Whether {@link #close()} has been called (or the runtime closed the listener). */
  public boolean isClosed() {
    return driver.isClosed();
  }

  @Override
  public String toString() {
    return "TcpListener[" + local + (isClosed() ? ", closed]" : "]");
  }
}
