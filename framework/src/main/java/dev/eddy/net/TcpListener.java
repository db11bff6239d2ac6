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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP socket listening for connections, pull style: {@link #accept()} returns a stage of the
 * next connection (async-std's and Tokio's {@code TcpListener}), and {@link #incoming} runs the
 * accept loop for you, with a task per connection.
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

  private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

  private final Runtime runtime;
  private final ServerSocketChannel channel;
  private final ChannelDriver driver;
  private final NetConfig config;
  private final InetSocketAddress local;
  private final AtomicBoolean looping = new AtomicBoolean();

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
    return accept(false);
  }

  /**
   * Accepts the next connection; {@code spread}: register it with the next selector in
   * round-robin order rather than the accepting worker's.
   */
  private CompletionStage<TcpStream> accept(boolean spread) {
    return driver.read(new Op<TcpStream>() {
      private TcpStream accepted;

      @Override
      protected boolean attempt() throws IOException {
        SocketChannel ch = channel.accept();
        if (ch == null) {
          return false;
        }
        accepted = TcpStream.accepted(runtime,
            spread ? driver.reactor().nextParker() : driver.reactor().place(), ch, config);
        return true;
      }

      @Override
      protected TcpStream result() {
        return accepted;
      }
    });
  }

  /**
   * Serves every connection, async-std's {@code listener.incoming()} loop with a task spawned
   * per connection: accepts connections until the listener is closed, and for each one runs
   * {@code perConnection} as a task of the runtime. The stream belongs to that code until the
   * stage it returns completes; then the stream is closed (whether or not the code closed it).
   *
   * <pre>{@code
   * listener.incoming(stream -> {            // a task per connection
   *   CompletableFuture<Void> done = new CompletableFuture<>();
   *   echo(stream, ByteBuffer.allocate(1024), done);   // completes done at end of stream
   *   return done;                           // then the stream is closed
   * });
   * }</pre>
   *
   * <p><b>Failures.</b> A connection's failure (its stage fails, or {@code perConnection} throws
   * or returns {@code null}) is logged once, at DEBUG for an {@link IOException} or a
   * cancellation (a reset peer, the runtime's shutdown) and at WARN for anything else (a bug),
   * and closes that stream; the loop goes on. An accept that fails while the listener is open
   * (no file descriptors left, say) ends the loop: the listener is closed and the returned stage
   * fails with that error.
   *
   * <p><b>Where things run.</b> The loop runs on the runtime's workers, wherever it is called
   * from. Each accepted stream is registered with the workers' selectors in turn, as Netty
   * spreads child channels over its event loops, so that the connections' I/O is spread over
   * the workers rather than all landing on the worker that accepts.
   *
   * <p>One loop per listener: do not call {@link #accept()} while it runs.
   *
   * @param perConnection serves one connection; called on a worker, must not block
   * @return a stage that completes when the loop ends because the listener was closed (by
   *     {@link #close()} or the runtime's shutdown; connections being served go on); failed with
   *     the accept error that ended it, with {@link IllegalStateException} if a loop already
   *     runs on this listener, or with the {@link java.util.concurrent.RejectedExecutionException}
   *     of a runtime that is shutting down
   */
  public CompletionStage<Void> incoming(
      Function<? super TcpStream, ? extends CompletionStage<?>> perConnection) {
    Objects.requireNonNull(perConnection, "perConnection");
    if (!looping.compareAndSet(false, true)) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "incoming() already runs on " + this + "; one accept loop per listener"));
    }
    CompletableFuture<Void> ended = new CompletableFuture<>();
    runtime.spawn(() -> acceptLoop(perConnection, ended)).whenComplete((v, refused) -> {
      if (refused != null) {
        ended.completeExceptionally(refused);
      }
    });
    return ended.minimalCompletionStage();
  }

  /**
   * Accepts while connections are pending, then waits for the next one. Iterative rather than
   * recursive, so that a burst of pending connections does not deepen the stack; the cooperative
   * budget still makes the loop yield the worker now and then (an accept that could complete at
   * once then completes later, from a task of its own, which re-enters here).
   */
  private void acceptLoop(Function<? super TcpStream, ? extends CompletionStage<?>> perConnection,
      CompletableFuture<Void> ended) {
    while (true) {
      CompletableFuture<TcpStream> next = accept(true).toCompletableFuture();
      if (!next.isDone()) {
        next.whenComplete((stream, failure) -> {
          if (serve(stream, failure, perConnection, ended)) {
            acceptLoop(perConnection, ended);
          }
        });
        return;
      }
      TcpStream stream;
      Throwable failure = null;
      try {
        stream = next.join();
      } catch (CompletionException | CancellationException e) {
        stream = null;
        failure = e;
      }
      if (!serve(stream, failure, perConnection, ended)) {
        return;
      }
    }
  }

  /** Spawns the task of one accepted connection; {@code false} when the loop has ended. */
  private boolean serve(TcpStream stream, Throwable failure,
      Function<? super TcpStream, ? extends CompletionStage<?>> perConnection,
      CompletableFuture<Void> ended) {
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (isClosed()) {
        ended.complete(null);
      } else {
        close(); // nobody accepts any more: release the port rather than fill the backlog
        ended.completeExceptionally(cause);
      }
      return false;
    }
    runtime.spawnAsync(() -> perConnection.apply(stream).thenApply(done -> (Void) null))
        .whenComplete((done, connectionFailure) -> {
          if (connectionFailure != null) {
            logConnectionFailure(stream, connectionFailure);
          }
          stream.close();
        });
    return true;
  }

  private static void logConnectionFailure(TcpStream stream, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof IOException || cause instanceof CancellationException) {
      log.debug("Connection {} ended with {}", stream, cause.toString());
    } else {
      log.warn("Connection {} failed; closing it", stream, cause);
    }
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
