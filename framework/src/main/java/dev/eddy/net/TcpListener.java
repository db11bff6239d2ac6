package dev.eddy.net;

import dev.eddy.net.internal.ChannelDriver;
import dev.eddy.net.internal.Op;
import dev.eddy.net.internal.Placement;
import dev.eddy.reactor.internal.SelectorParker;
import dev.eddy.runtime.Runtime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicInteger;
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
  /** First wait after a failed accept (out of file descriptors, say); it doubles. */
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
  /** Longest wait between retries of a failing accept, as the push-style acceptor's. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final Runtime runtime;
  private final ServerSocketChannel channel;
  private final ChannelDriver driver;
  private final NetConfig config;
  private final InetSocketAddress local;
  private final AtomicBoolean looping = new AtomicBoolean();
  /** The accept system call; a test replaces it to provoke accept failures (EMFILE). */
  volatile Accepting accepting = ServerSocketChannel::accept;
  /** Makes a stream of an accepted channel; a test replaces it to provoke setup failures. */
  volatile Setup setup = TcpStream::accepted;
  /** The {@link #incoming} loop, if one runs. */
  private volatile Loop loop;

  /** One non-blocking accept: a channel, {@code null} if none is pending. */
  interface Accepting {
    SocketChannel accept(ServerSocketChannel channel) throws IOException;
  }

  /** The setup of an accepted channel; closes the channel if it throws. */
  interface Setup {
    TcpStream open(Runtime runtime, SelectorParker parker, SocketChannel channel,
        NetConfig config) throws IOException;
  }

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
        while (true) {
          SocketChannel ch = accepting.accept(channel);
          if (ch == null) {
            return false;
          }
          try {
            accepted = setup.open(runtime,
                spread ? driver.reactor().nextParker() : driver.reactor().place(), ch, config);
            return true;
          } catch (IOException | RuntimeException e) {
            // That socket only (reset before its options were set, say): drop it, go on.
            log.debug("Dropped an accepted connection on {} that failed to set up: {}", local,
                e.toString());
          }
        }
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
   * and closes that stream; the loop goes on. An accepted socket whose setup fails (reset before
   * its options were set) is dropped, logged at DEBUG. An accept that fails while the listener
   * is open (no file descriptors left: EMFILE, ENFILE, ENOBUFS) is logged at WARN and retried
   * after a pause that doubles from 10 ms up to 1 s, as the push-style server does; the loop
   * goes on once accepts work again.
   *
   * <p><b>Where things run.</b> The loop runs on the runtime's workers, wherever it is called
   * from. Each accepted stream is registered with the workers' selectors in turn, as Netty
   * spreads child channels over its event loops, so that the connections' I/O is spread over
   * the workers rather than all landing on the worker that accepts.
   *
   * <p>One loop per listener: do not call {@link #accept()} while it runs.
   *
   * <p>No limit on the connections served at once: see {@link #incoming(int, Function)}.
   *
   * @param perConnection serves one connection; called on a worker, must not block
   * @return a stage that completes when the loop ends because the listener was closed (by
   *     {@link #close()} or the runtime's shutdown; connections being served go on); failed with
   *     an error other than an {@link IOException} that ended it (an {@link
   *     AcceptPendingException} of an {@code accept} called meanwhile), with {@link
   *     IllegalStateException} if a loop already runs on this listener, or with the {@link
   *     java.util.concurrent.RejectedExecutionException} of a runtime that is shutting down
   */
  public CompletionStage<Void> incoming(
      Function<? super TcpStream, ? extends CompletionStage<?>> perConnection) {
    return incoming(Integer.MAX_VALUE, perConnection);
  }

  /**
   * {@link #incoming(Function)} serving at most {@code maxConnections} connections at once: at
   * the limit the loop stops accepting (new peers wait in the listen backlog, {@link
   * NetConfig#backlog()}) until the stage of a connection being served completes, as the
   * push-style server's {@code max-connections} does. Bounds the file descriptors and memory
   * one listener's clients can take.
   *
   * @param maxConnections connections served at once, at least 1
   * @throws IllegalArgumentException if {@code maxConnections} is below 1
   */
  public CompletionStage<Void> incoming(int maxConnections,
      Function<? super TcpStream, ? extends CompletionStage<?>> perConnection) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections = " + maxConnections
          + ": expected at least 1");
    }
    Objects.requireNonNull(perConnection, "perConnection");
    if (!looping.compareAndSet(false, true)) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "incoming() already runs on " + this + "; one accept loop per listener"));
    }
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Loop loop = new Loop(perConnection, ended, maxConnections);
    this.loop = loop;
    runtime.spawn(loop::run).whenComplete((v, refused) -> {
      if (refused != null) {
        ended.completeExceptionally(refused);
      }
    });
    return ended.minimalCompletionStage();
  }

  /**
   * One {@code incoming} loop: accepts while connections are pending and the limit allows, then
   * waits for the next one. Iterative rather than recursive, so that a burst of pending
   * connections does not deepen the stack; the cooperative budget still makes the loop yield
   * the worker now and then (an accept that could complete at once then completes later, from a
   * task of its own, which re-enters {@link #run}).
   *
   * <p>The pause at the limit has no lost wake-up: the loop sets {@link #paused} and re-reads
   * {@link #open}; a connection that ends lowers {@code open} and then reads {@code paused};
   * whoever takes {@code paused} back (CAS) runs the loop.
   */
  private final class Loop {
    private final Function<? super TcpStream, ? extends CompletionStage<?>> perConnection;
    private final CompletableFuture<Void> ended;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    /** The wait before the next retry of a failing accept, null while accepts work. */
    private volatile Duration backoff;

    Loop(Function<? super TcpStream, ? extends CompletionStage<?>> perConnection,
        CompletableFuture<Void> ended, int max) {
      this.perConnection = perConnection;
      this.ended = ended;
      this.max = max;
    }

    void run() {
      while (true) {
        if (isClosed()) {
          ended.complete(null);
          return;
        }
        if (open.get() >= max) {
          paused.set(true);
          if (open.get() >= max || !paused.compareAndSet(true, false)) {
            return; // a connection's end resumes the loop
          }
        }
        CompletableFuture<TcpStream> next = accept(true).toCompletableFuture();
        if (!next.isDone()) {
          next.whenComplete((stream, failure) -> {
            if (serve(stream, failure)) {
              run();
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
        if (!serve(stream, failure)) {
          return;
        }
      }
    }

    /** Spawns the task of one accepted connection; {@code false} when the loop stops here. */
    private boolean serve(TcpStream stream, Throwable failure) {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (isClosed()) {
          ended.complete(null);
        } else if (cause instanceof IOException) {
          retryLater(cause); // EMFILE and the like pass: wait, then accept again
        } else {
          close(); // nobody accepts any more: release the port rather than fill the backlog
          ended.completeExceptionally(cause);
        }
        return false;
      }
      backoff = null;
      open.incrementAndGet();
      runtime.spawnAsync(() -> perConnection.apply(stream).thenApply(done -> (Void) null))
          .whenComplete((done, connectionFailure) -> {
            if (connectionFailure != null) {
              logConnectionFailure(stream, connectionFailure);
            }
            stream.close();
            open.decrementAndGet();
            wake();
          });
      return true;
    }

    /** Resumes the loop if the limit paused it: a connection ended, or the listener closed. */
    void wake() {
      if (paused.compareAndSet(true, false)) {
        resume();
      }
    }

    /** Runs the loop again as a task; a runtime that refuses it is shutting down: the end. */
    private void resume() {
      runtime.spawn(this::run).whenComplete((v, refused) -> {
        if (refused != null) {
          ended.complete(null);
        }
      });
    }

    private void retryLater(Throwable cause) {
      Duration wait = backoff == null ? FIRST_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
      backoff = wait;
      log.warn("Listener {}: accept failed ({}); retrying in {} ms", local, cause.toString(),
          wait.toMillis());
      runtime.timer().schedule(wait, this::resume);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
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
    Loop l = loop;
    if (l != null) {
      l.wake(); // a loop paused at its limit sees the close and ends
    }
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
