package dev.eddy.net.internal;

import dev.eddy.net.ConnectionHandler;
import dev.eddy.net.ServerConfig;
import dev.eddy.reactor.internal.Reactor;
import dev.eddy.reactor.internal.SelectorParker;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one push-style server that its listener task and its connections share: the
 * handler, the settings, the buffer pool, the open connections and the close.
 *
 * <p>Thread-safety: every method from any thread.
 */
public final class ServerCore {

  private static final Logger log = LoggerFactory.getLogger(ServerCore.class);

  private final Runtime runtime;
  private final ConnectionHandler handler;
  private final ServerConfig config;
  private final Reactor reactor;
  private final BufferPool pool;
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger open = new AtomicInteger();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private volatile boolean closing;
  private volatile boolean aborting;
  private Acceptor acceptor;

  private ServerCore(Runtime runtime, ConnectionHandler handler, ServerConfig config,
      Reactor reactor) {
    this.runtime = runtime;
    this.handler = handler;
    this.config = config;
    this.reactor = reactor;
    this.pool = new BufferPool(reactor, config.bufferSize(), config.pooledBuffers());
  }

  /** Binds {@code address} and starts accepting for {@code handler}. */
  public static CompletionStage<ServerCore> bind(Runtime runtime, InetSocketAddress address,
      ConnectionHandler handler, ServerConfig config) {
    return Placement.open(runtime, parker -> {
      ServerSocketChannel ch = ServerSocketChannel.open();
      try {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, config.net().soReuseAddr());
        ch.bind(address, config.net().backlog());
        ServerCore core = new ServerCore(runtime, handler, config, parker.reactor());
        core.acceptor = new Acceptor(core, ch, parker);
        core.acceptor.start();
        log.debug("Server listening on {}", ch.getLocalAddress());
        return CompletableFuture.completedFuture(core);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    });
  }

  /** Takes over a channel the acceptor has just accepted; false if it had to be dropped. */
  void accepted(SocketChannel ch) {
    ServerConnection c;
    try {
      Sockets.configure(ch, config.net());
      // Spread connections over the workers' selectors, as Netty spreads channels over loops.
      SelectorParker parker = reactor.nextParker();
      c = new ServerConnection(this, ch, parker);
    } catch (IOException | RuntimeException e) {
      log.debug("Dropped an accepted connection that failed to set up: {}", e.toString());
      closeQuietly(ch);
      return;
    }
    open.incrementAndGet();
    connections.add(c);
    c.start();
    if (aborting) {
      c.abort(); // raced with abort() or close(): they may have missed this one
    } else if (closing) {
      c.close();
    }
  }

  /** A connection has finished (called once per connection). */
  void closed(ServerConnection c) {
    connections.remove(c);
    open.decrementAndGet();
    acceptor.connectionClosed();
    maybeTerminated();
  }

  /** Stops accepting; open connections go on. Idempotent. */
  public void stopAccepting() {
    acceptor.close();
  }

  /** Stops accepting and closes every connection gracefully. Idempotent. */
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    acceptor.close();
    for (ServerConnection c : connections) {
      c.close();
    }
    maybeTerminated();
  }

  /** Stops accepting and aborts every connection: queued bytes are dropped. Idempotent. */
  public void abort() {
    aborting = true;
    closing = true;
    acceptor.close();
    for (ServerConnection c : connections) {
      c.abort();
    }
    maybeTerminated();
  }

  private void maybeTerminated() {
    // The listener may also close by stopAccepting() or at the runtime's shutdown.
    if (acceptor.isClosed() && open.get() == 0) {
      terminated.complete(null);
    }
  }

  /** Called by the acceptor once its channel is closed. */
  void acceptorClosed() {
    maybeTerminated();
  }

  public CompletionStage<Void> whenTerminated() {
    return terminated.minimalCompletionStage();
  }

  public InetSocketAddress localAddress() {
    return acceptor.localAddress();
  }

  public int connectionCount() {
    return open.get();
  }

  public boolean isClosing() {
    return closing;
  }

  Runtime runtime() {
    return runtime;
  }

  ConnectionHandler handler() {
    return handler;
  }

  ServerConfig config() {
    return config;
  }

  BufferPool pool() {
    return pool;
  }

  Clock clock() {
    return runtime.timer().clock();
  }

  static void closeQuietly(java.nio.channels.Channel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      log.debug("Closing {} failed", ch, e);
    }
  }
}
