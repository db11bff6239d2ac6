package dev.eddy.http.client.internal;

import dev.eddy.http.client.ClientConfig;
import dev.eddy.net.NetConfig;
import dev.eddy.net.TcpStream;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.Cancellable;
import dev.eddy.time.Timer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keep-alive connections to one origin ({@code host:port}): at most {@code
 * max-connections-per-host} open (idle, in use or connecting), idle ones reused newest first
 * (warmest, least likely closed by the server), each closed after {@code idle-timeout} unused;
 * requests beyond the limit wait in a FIFO line, bounded per host ({@code max-waiters-per-host})
 * and, through a counter shared by the client's pools, for all hosts ({@code max-waiters}).
 *
 * <p><b>Idle connections are watched.</b> A pooled connection keeps a read armed ({@link
 * Connection#watchWhileIdle()}); when it completes while the connection is idle (the server sent
 * bytes nobody asked for, closed, or reset), the connection is dropped at once instead of
 * answering the next request with them.
 *
 * <p><b>Retirement.</b> A pool that has stayed empty (no connection, nobody waiting) for {@code
 * idle-timeout} retires: it leaves the dispatcher's map ({@code onRetire}, under this pool's
 * lock), and {@link #acquire} on it returns {@code null} so the caller makes a new one. So a
 * client that talks to many origins keeps pools only for those in use.
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
  /** Requests waiting in the lines of all the client's pools. */
  private final AtomicInteger allWaiters;
  private final Consumer<HostPool> onRetire;
  private int open; // idle + in use + connecting
  private boolean closed;
  private boolean retired;
  private Cancellable retireCheck; // scheduled while empty

  HostPool(String host, int port, Runtime runtime, ClientConfig config, NetConfig net,
      AtomicInteger allWaiters, Consumer<HostPool> onRetire) {
    this.host = host;
    this.port = port;
    this.runtime = runtime;
    this.config = config;
    this.net = net;
    this.allWaiters = allWaiters;
    this.onRetire = onRetire;
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
   *
   * @return the connection to come, or {@code null} if this pool has retired (ask the
   *     dispatcher for the origin's current pool)
   */
  CompletableFuture<Connection> acquire(boolean fresh) {
    ArrayDeque<Connection> dead = null;
    CompletableFuture<Connection> result = null;
    boolean connect = false;
    synchronized (this) {
      if (retired) {
        return null;
      }
      if (closed) {
        return CompletableFuture.failedFuture(closedError());
      }
      while (!fresh && !idle.isEmpty() && result == null) {
        Connection c = idle.pollLast();
        c.idleTimer.cancel();
        if (c.isOpen() && c.watchWhileIdle()) {
          result = CompletableFuture.completedFuture(c);
        } else {
          open--; // closed, or its idle read completed just now: not reusable
          dead = dead == null ? new ArrayDeque<>(1) : dead;
          dead.add(c);
        }
      }
      if (result == null) {
        if (open < config.maxConnectionsPerHost()) {
          open++;
          result = new CompletableFuture<>();
          connect = true;
        } else {
          result = line();
        }
      }
    }
    if (dead != null) {
      dead.forEach(Connection::abort);
    }
    if (connect) {
      connect(result);
    }
    return result;
  }

  /** A place in the waiting line, or a failure past its limits. Under the lock. */
  private CompletableFuture<Connection> line() {
    String refusal = null;
    if (waiters.size() >= config.maxWaitersPerHost()) {
      refusal = waiters.size() + " waiting, " + open + " open (max-waiters-per-host="
          + config.maxWaitersPerHost() + ", max-connections-per-host="
          + config.maxConnectionsPerHost() + ")";
    } else if (allWaiters.incrementAndGet() > config.maxWaiters()) {
      allWaiters.decrementAndGet();
      refusal = config.maxWaiters() + " waiting for all hosts together (max-waiters="
          + config.maxWaiters() + ")";
    }
    if (refusal != null) {
      return CompletableFuture.failedFuture(new RejectedExecutionException(
          "too many requests waiting for a connection to " + origin() + ": " + refusal));
    }
    CompletableFuture<Connection> waiter = new CompletableFuture<>();
    waiters.add(waiter);
    waiter.whenComplete((c, e) -> {
      if (waiter.isCancelled()) {
        leaveLine(waiter); // timed out: its place is free at once
      }
    });
    return waiter;
  }

  private synchronized void leaveLine(CompletableFuture<Connection> waiter) {
    if (waiters.remove(waiter)) {
      allWaiters.decrementAndGet();
      emptied();
    }
  }

  /** The first waiter still waiting, out of the line, or {@code null}. Under the lock. */
  private CompletableFuture<Connection> nextWaiter() {
    CompletableFuture<Connection> next;
    while ((next = waiters.poll()) != null) {
      allWaiters.decrementAndGet();
      if (!next.isDone()) {
        return next;
      }
    }
    return null;
  }

  /**
   * Under the lock, after {@code open} or the line got shorter: if the pool is now empty, checks
   * again after {@code idle-timeout} whether it still is, and then retires it.
   */
  private void emptied() {
    if (open == 0 && waiters.isEmpty() && !closed && !retired && retireCheck == null) {
      retireCheck = runtime.timer().schedule(config.idleTimeout(), this::retireIfEmpty);
    }
  }

  private synchronized void retireIfEmpty() {
    retireCheck = null;
    if (open == 0 && waiters.isEmpty() && !closed && !retired) {
      retired = true;
      onRetire.accept(this);
    } else {
      emptied();
    }
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
    // Arm the idle read before the connection can be seen in the pool (never under the lock).
    boolean reusable = c.isOpen() && c.watchWhileIdle();
    synchronized (this) {
      if (closed || !reusable) {
        open--;
        emptied();
        next = null;
      } else {
        next = nextWaiter();
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
      emptied();
    }
    serveWaiter();
  }

  /** A slot is free: open a connection for the first waiter still waiting, if any. */
  private void serveWaiter() {
    CompletableFuture<Connection> next;
    synchronized (this) {
      if (closed || open >= config.maxConnectionsPerHost()) {
        return;
      }
      next = nextWaiter();
      if (next == null) {
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
      emptied();
    }
    log.debug("Closing {} after {} idle", c, config.idleTimeout());
    c.abort();
  }

  /**
   * The read armed while {@code c} was pooled completed ({@code n} bytes, -1 at the end of
   * stream, or {@code failure}). If {@code c} is idle with that read, nobody asked for it: the
   * connection is dropped. If an exchange took {@code c} over, the read is that exchange's.
   */
  void idleReadDone(Connection c, CompletableFuture<Integer> read, Integer n, Throwable failure) {
    synchronized (this) {
      if (c.idleRead != read || !idle.remove(c)) {
        return;
      }
      c.idleTimer.cancel();
      open--;
      emptied();
    }
    if (failure == null && n != null && n > 0) {
      log.warn("Unsolicited response bytes from {} on an idle connection; closing it", origin());
    } else {
      log.debug("{} closed by {} while idle: {}", c, origin(),
          failure == null ? "end of stream" : failure.toString());
    }
    c.abort();
    serveWaiter();
  }

  /** Closes idle connections and fails waiters; connections in use close when handed back. */
  void close() {
    ArrayDeque<Connection> toClose;
    ArrayDeque<CompletableFuture<Connection>> toFail;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      toFail = new ArrayDeque<>(waiters);
      allWaiters.addAndGet(-waiters.size());
      idle.clear();
      waiters.clear();
      open -= toClose.size();
      if (retireCheck != null) {
        retireCheck.cancel();
        retireCheck = null;
      }
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
