package dev.eddy.http.client.internal;

import dev.eddy.http.client.ClientConfig;
import dev.eddy.net.NetConfig;
import dev.eddy.net.TcpStream;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.Timer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keep-alive connections to one origin ({@code host:port}): at most {@code
 * max-connections-per-host} open (idle, in use or connecting), idle ones reused newest first
 * (warmest, least likely closed by the server), each closed after {@code idle-timeout} unused;
 * requests beyond the limit wait in a bounded FIFO line.
 *
 * <p>Threads: every method from any thread; the state is guarded by this object's lock, which
 * is never held while connecting, completing a waiter or closing a socket.
 */
public final class HostPool {

  private static final Logger log = LoggerFactory.getLogger(HostPool.class);

  private final String host;
  private final int port;
  private final Runtime runtime;
  private final ClientConfig config;
  private final NetConfig net;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<CompletableFuture<Connection>> waiters = new ArrayDeque<>();
  private final AtomicLong connects = new AtomicLong();
  private int open; // idle + in use + connecting
  private boolean closed;

  HostPool(String host, int port, Runtime runtime, ClientConfig config, NetConfig net) {
    this.host = host;
    this.port = port;
    this.runtime = runtime;
    this.config = config;
    this.net = net;
  }

  String origin() {
    return host + ":" + port;
  }

  Timer timer() {
    return runtime.timer();
  }

  /** Connections opened so far (for tests and metrics). */
  public long connects() {
    return connects.get();
  }

  /**
   * A connection for one exchange: an idle one (unless {@code fresh}), a new one while under the
   * limit, or the next one released, in line. The caller must hand it back with {@link #release}
   * or {@link #discard}. Cancelling the returned future leaves the line.
   */
  CompletableFuture<Connection> acquire(boolean fresh) {
    CompletableFuture<Connection> waiter;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(closedError());
      }
      while (!fresh && !idle.isEmpty()) {
        Connection c = idle.pollLast();
        c.idleTimer.cancel();
        if (c.isOpen()) {
          return CompletableFuture.completedFuture(c);
        }
        open--;
      }
      if (open < config.maxConnectionsPerHost()) {
        open++;
        waiter = null;
      } else {
        waiters.removeIf(CompletableFuture::isDone);
        if (waiters.size() >= config.maxWaitersPerHost()) {
          return CompletableFuture.failedFuture(new RejectedExecutionException(
              "too many requests waiting for a connection to " + origin() + ": "
              + waiters.size() + " waiting, " + open + " open (max-waiters-per-host="
              + config.maxWaitersPerHost() + ", max-connections-per-host="
              + config.maxConnectionsPerHost() + ")"));
        }
        waiter = new CompletableFuture<>();
        waiters.add(waiter);
        return waiter;
      }
    }
    CompletableFuture<Connection> made = new CompletableFuture<>();
    connect(made);
    return made;
  }

  /** Opens a connection for a slot already counted in {@code open}. */
  private void connect(CompletableFuture<Connection> made) {
    connects.incrementAndGet();
    resolve().thenCompose(address -> TcpStream.connect(runtime, address, net))
        .whenComplete((stream, failure) -> {
          if (failure != null) {
            slotFreed();
            made.completeExceptionally(failure instanceof java.util.concurrent.CompletionException
                && failure.getCause() != null ? failure.getCause() : failure);
            return;
          }
          Connection c = new Connection(this, stream, config);
          if (!made.complete(c)) {
            release(c); // the request gave up meanwhile
          }
        });
  }

  private CompletionStage<InetSocketAddress> resolve() {
    if (isLiteral(host)) {
      try {
        return CompletableFuture.completedStage(
            new InetSocketAddress(InetAddress.getByName(host), port));
      } catch (java.net.UnknownHostException e) {
        return CompletableFuture.failedStage(e);
      }
    }
    // A name lookup blocks: off the workers.
    return runtime.spawnBlocking(() -> {
      InetSocketAddress a = new InetSocketAddress(host, port);
      if (a.isUnresolved()) {
        throw new java.net.UnknownHostException("cannot resolve host '" + host + "'");
      }
      return a;
    });
  }

  private static boolean isLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** Takes back a connection after a complete exchange, for reuse. */
  void release(Connection c) {
    CompletableFuture<Connection> next;
    synchronized (this) {
      if (closed || !c.isOpen()) {
        open--;
        next = null;
      } else {
        while ((next = waiters.poll()) != null && next.isDone()) {
          // gave up waiting
        }
        if (next == null) {
          c.idleTimer = runtime.timer().schedule(config.idleTimeout(), () -> evict(c));
          idle.addLast(c);
          return;
        }
      }
    }
    if (next == null) {
      c.abort();
      serveWaiter();
    } else if (!next.complete(c)) {
      release(c);
    }
  }

  /** Takes back a connection that must not be reused, and closes it. */
  void discard(Connection c) {
    c.abort();
    slotFreed();
  }

  private void slotFreed() {
    synchronized (this) {
      open--;
    }
    serveWaiter();
  }

  /** A slot is free: open a connection for the first waiter still waiting, if any. */
  private void serveWaiter() {
    CompletableFuture<Connection> next;
    synchronized (this) {
      while ((next = waiters.poll()) != null && next.isDone()) {
        // gave up waiting
      }
      if (next == null || closed || open >= config.maxConnectionsPerHost()) {
        if (next != null) {
          waiters.addFirst(next);
        }
        return;
      }
      open++;
    }
    connect(next);
  }

  private void evict(Connection c) {
    synchronized (this) {
      if (!idle.remove(c)) {
        return; // taken meanwhile
      }
      open--;
    }
    log.debug("Closing {} after {} idle", c, config.idleTimeout());
    c.abort();
  }

  /** Closes idle connections and fails waiters; connections in use close when handed back. */
  void close() {
    ArrayDeque<Connection> toClose;
    ArrayDeque<CompletableFuture<Connection>> toFail;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      toFail = new ArrayDeque<>(waiters);
      idle.clear();
      waiters.clear();
      open -= toClose.size();
    }
    for (Connection c : toClose) {
      c.idleTimer.cancel();
      c.abort();
    }
    for (CompletableFuture<Connection> w : toFail) {
      w.completeExceptionally(closedError());
    }
  }

  private IllegalStateException closedError() {
    return new IllegalStateException("the client is closed; no more requests to " + origin());
  }
}
