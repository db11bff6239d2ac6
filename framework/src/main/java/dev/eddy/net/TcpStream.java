package dev.eddy.net;

import dev.eddy.net.internal.ChannelDriver;
import dev.eddy.net.internal.Op;
import dev.eddy.net.internal.Placement;
import dev.eddy.net.internal.Sockets;
import dev.eddy.reactor.internal.SelectorParker;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TimeoutExceededException;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ReadPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritePendingException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A TCP connection, pull style: each {@code read} or {@code write} returns a {@link
 * CompletionStage} that completes when the operation is done (async-std's {@code TcpStream},
 * Tokio's {@code TcpStream} with {@code AsyncReadExt}/{@code AsyncWriteExt}).
 *
 * <pre>{@code
 * TcpStream.connect(runtime, address)
 *     .thenCompose(stream -> stream.writeAll(ByteBuffer.wrap(hello))
 *         .thenCompose(written -> stream.readExact(ByteBuffer.allocate(hello.length))));
 * }</pre>
 *
 * <p><b>Who completes a stage, and where.</b> Every operation first tries its non-blocking system
 * call on the calling thread; if that finishes it, the stage is already complete when returned
 * (when the calling task's cooperative budget is spent, it completes a moment later on the same
 * worker instead, so a read loop over a busy socket cannot starve other tasks). Otherwise the
 * stream waits for readiness from the selector of the worker it is registered with, and the stage
 * completes on that worker, straight after the readiness was seen: continuations without {@code
 * Async} (a {@code thenCompose} that writes the reply) run there too, so read, handle and write
 * stay on one thread. Do not block in those continuations.
 *
 * <p><b>Thread-safety.</b> Any method may be called from any thread. One read ({@code read} or
 * {@code readExact}) and one write ({@code write} or {@code writeAll}) may be in flight at a time,
 * a read and a write concurrently; starting a second read while one is in flight fails the new
 * stage with {@link ReadPendingException} (writes: {@link WritePendingException}). A buffer
 * belongs to the stream until the operation's stage completes.
 *
 * <p><b>Lifetime.</b> An open stream is a task of its runtime: a graceful {@link Runtime#close()}
 * waits for open streams, and closes those still open at its deadline (their pending stages fail
 * with an {@link IOException}). Close streams when done.
 */
public final class TcpStream implements AutoCloseable {

  private final SocketChannel channel;
  private final ChannelDriver driver;
  private final Runtime runtime;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private volatile Duration readTimeout;
  /**
   * Whether the last read filled less than it could: the socket is then probably empty. Touched
   * only by the read holding the read side (one at a time, each happening-after the last).
   */
  private boolean drained;
  private volatile Duration writeTimeout;

  private TcpStream(Runtime runtime, ChannelDriver driver, SocketChannel channel,
      NetConfig config, InetSocketAddress remote) throws IOException {
    this.runtime = runtime;
    this.driver = driver;
    this.channel = channel;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.remote = remote;
    this.readTimeout = config.readTimeout();
    this.writeTimeout = config.writeTimeout();
  }

  /**
   * Connects to {@code address} on the runtime of the calling worker ({@link Runtime#current()}),
   * with the settings of {@code eddy.net}.
   *
   * @throws IllegalStateException if called outside a runtime's threads
   */
  public static CompletionStage<TcpStream> connect(InetSocketAddress address) {
    return connect(Runtime.current(), address);
  }

  /** Connects to {@code address} on {@code runtime} with the settings of {@code eddy.net}. */
  public static CompletionStage<TcpStream> connect(Runtime runtime, InetSocketAddress address) {
    return connect(runtime, address, defaults());
  }

  /**
   * Connects to {@code address} on {@code runtime}.
   *
   * <p>Called on one of {@code runtime}'s workers, the stream is registered with that worker's
   * selector; from any other thread, with the next worker's in round-robin order.
   *
   * @return a stage that completes with the connected stream on a worker; it fails with the
   *     {@link java.net.ConnectException} of a refused connection, or with a {@link
   *     dev.eddy.time.TimeoutExceededException} after {@link NetConfig#connectTimeout()} (the
   *     half-open channel is closed)
   */
  public static CompletionStage<TcpStream> connect(Runtime runtime, InetSocketAddress address,
      NetConfig config) {
    Objects.requireNonNull(address, "address");
    CompletionStage<TcpStream> opened = Placement.open(runtime, parker -> {
      SocketChannel ch = SocketChannel.open();
      try {
        Sockets.configure(ch, config);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      ChannelDriver driver = new ChannelDriver(runtime, parker, ch, SelectionKey.OP_READ,
          ReadPendingException::new, WritePendingException::new);
      CompletableFuture<TcpStream> connected = driver.connect(new Op<>(SelectionKey.OP_CONNECT) {
        private boolean started;

        @Override
        protected boolean attempt() throws IOException {
          if (!started) {
            started = true;
            return ch.connect(address) || ch.finishConnect();
          }
          return ch.finishConnect();
        }

        @Override
        protected TcpStream result() {
          try {
            return new TcpStream(runtime, driver, ch, config, address);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
      connected.whenComplete((stream, failure) -> {
        if (failure != null) {
          driver.close("connect to " + address + " failed: " + failure);
        }
      });
      return connected;
    });
    return limit(runtime, opened, config.connectTimeout(), "connect to", address);
  }

  /** Wraps a channel just accepted by a {@link TcpListener}, registered with {@code parker}. */
  static TcpStream accepted(Runtime runtime, SelectorParker parker, SocketChannel ch,
      NetConfig config) throws IOException {
    try {
      Sockets.configure(ch, config);
      ChannelDriver driver = new ChannelDriver(runtime, parker, ch,
          SelectionKey.OP_READ, ReadPendingException::new, WritePendingException::new);
      return new TcpStream(runtime, driver, ch, config,
          (InetSocketAddress) ch.getRemoteAddress());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  /**
   * Reads what is available, at least one byte, into {@code dst} (from its position up to its
   * limit), waiting for bytes if there are none yet.
   *
   * @return a stage with the number of bytes read, {@code -1} when the peer has shut down its
   *     output (end of stream), or {@code 0} if {@code dst} has no room; failed with the {@link
   *     IOException} of the connection (reset by the peer, closed), a {@link
   *     dev.eddy.time.TimeoutExceededException} after the read timeout, or {@link
   *     ReadPendingException} if a read is in flight
   */
  public CompletionStage<Integer> read(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    CompletableFuture<Integer> read = driver.read(new Op<Integer>() {
      private int n;
      private boolean waited;

      @Override
      protected boolean attempt() throws IOException {
        if (!waited && drained && dst.hasRemaining()) {
          // The last read came back short, so the socket is most likely empty: wait for
          // readiness instead of paying for a read that would say so (Tokio clears its readiness
          // the same way). Bytes that did arrive are reported by the next selection at once.
          waited = true;
          drained = false;
          return false;
        }
        int wanted = dst.remaining();
        n = channel.read(dst);
        drained = n > 0 && n < wanted;
        return n != 0 || !dst.hasRemaining();
      }

      @Override
      protected Integer result() {
        return n;
      }
    });
    return limit(runtime, read, readTimeout, "read from", remote);
  }

  /**
   * Reads until {@code dst} is full (its position reaches its limit).
   *
   * @return a stage that completes once {@code dst} is full; failed with an {@link EOFException}
   *     naming how many bytes were missing when the stream ended first, or as {@link #read} (the
   *     bytes read before a failure or timeout stay in {@code dst})
   */
  public CompletionStage<Void> readExact(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    int wanted = dst.remaining();
    CompletableFuture<Void> read = driver.read(new Op<Void>() {
      @Override
      protected boolean attempt() throws IOException {
        while (dst.hasRemaining()) {
          int n = channel.read(dst);
          if (n < 0) {
            throw new EOFException("readExact from " + remote + ": the stream ended with "
                + dst.remaining() + " of " + wanted + " bytes still missing");
          }
          if (n == 0) {
            return false;
          }
        }
        return true;
      }

      @Override
      protected Void result() {
        return null;
      }
    });
    return limit(runtime, read, readTimeout, "readExact from", remote);
  }

  // ---- writing ------------------------------------------------------------------------------

  /**
   * Writes some of {@code src} (from its position up to its limit), at least one byte, waiting
   * for room in the socket's send buffer if there is none.
   *
   * @return a stage with the number of bytes written ({@code 0} only if {@code src} is empty);
   *     failed with the {@link IOException} of the connection, a {@link
   *     dev.eddy.time.TimeoutExceededException} after the write timeout, or {@link
   *     WritePendingException} if a write is in flight
   */
  public CompletionStage<Integer> write(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    CompletableFuture<Integer> written = driver.write(new Op<Integer>() {
      private int n;

      @Override
      protected boolean attempt() throws IOException {
        n = channel.write(src);
        return n > 0 || !src.hasRemaining();
      }

      @Override
      protected Integer result() {
        return n;
      }
    });
    return limit(runtime, written, writeTimeout, "write to", remote);
  }

  /**
   * Writes all of {@code src}, waiting for room as often as needed. The write timeout applies to
   * the whole call.
   *
   * @return a stage that completes once {@code src} has no bytes remaining; failed as {@link
   *     #write} (how much was written then shows in {@code src}'s position)
   */
  public CompletionStage<Void> writeAll(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    CompletableFuture<Void> written = driver.write(new Op<Void>() {
      @Override
      protected boolean attempt() throws IOException {
        while (src.hasRemaining()) {
          if (channel.write(src) == 0) {
            return false;
          }
        }
        return true;
      }

      @Override
      protected Void result() {
        return null;
      }
    });
    return limit(runtime, written, writeTimeout, "writeAll to", remote);
  }

  /**
   * Shuts down the output side (sends FIN): the peer reads end of stream, and this side can
   * still read. Immediate and non-blocking.
   *
   * @throws IOException if the stream is closed or the connection failed
   */
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  /**
   * Closes the stream: pending operations fail with an {@link IOException}, the selector key is
   * cancelled and never fires again. Idempotent; any thread; never throws.
   */
  @Override
  public void close() {
    driver.close("closed by TcpStream.close()");
  }

  // ---- options and addresses ---------------------------------------------------------------

  /**
   * Sets a socket option, such as {@link StandardSocketOptions#SO_RCVBUF} or {@link
   * StandardSocketOptions#SO_LINGER}. Any thread.
   *
   * @return this stream
   * @throws IOException if the stream is closed or the option cannot be set
   */
  public <T> TcpStream setOption(SocketOption<T> name, T value) throws IOException {
    channel.setOption(name, value);
    return this;
  }

  /** A socket option's current value. Any thread. */
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return channel.getOption(name);
  }

  /** Limits each later read ({@link Duration#ZERO}: no limit). Any thread. */
  public TcpStream setReadTimeout(Duration limit) {
    this.readTimeout = requireTimeout(limit);
    return this;
  }

  /** Limits each later {@code write} or {@code writeAll} ({@link Duration#ZERO}: no limit). */
  public TcpStream setWriteTimeout(Duration limit) {
    this.writeTimeout = requireTimeout(limit);
    return this;
  }

  /** This side's address. */
  public InetSocketAddress localAddress() {
    return local;
  }

  /** The peer's address. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** Whether {@link #close()} has been called (or the runtime closed the stream). */
  public boolean isClosed() {
    return driver.isClosed();
  }

  @Override
  public String toString() {
    return "TcpStream[" + local + " -> " + remote + (isClosed() ? ", closed]" : "]");
  }

  // ---- helpers -----------------------------------------------------------------------------

  /**
   * {@code stage} with the runtime timer's {@code limit} (none if zero); the timeout names the
   * operation and the peer ({@code what} and {@code peer} are joined only when it fires).
   */
  static <T> CompletionStage<T> limit(Runtime runtime, CompletionStage<T> stage, Duration limit,
      String what, InetSocketAddress peer) {
    if (limit.isZero()) {
      return stage;
    }
    return runtime.timer().timeout(stage, limit).exceptionallyCompose(e -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (!(cause instanceof TimeoutExceededException)) {
        return CompletableFuture.failedFuture(cause);
      }
      // The timer cancels the operation only after failing its own stage; cancel it first here,
      // so that the caller may start the next read or write as soon as it sees the timeout.
      stage.toCompletableFuture().cancel(false);
      return CompletableFuture.failedFuture(new TimeoutExceededException(what + " " + peer,
          limit));
    });
  }

  private static Duration requireTimeout(Duration limit) {
    if (limit == null || limit.isNegative()) {
      throw new IllegalArgumentException("timeout = " + limit + ": expected zero (no limit) or a "
          + "positive duration");
    }
    return limit;
  }

  /** The settings of this process ({@link NetConfig#load()}), loaded on first use. */
  static NetConfig defaults() {
    NetConfig c = defaults;
    if (c == null) {
      c = NetConfig.load(); // a bad value throws here, on every call, naming the key
      defaults = c;
    }
    return c;
  }

  private static volatile NetConfig defaults;
}
