package dev.eddy.net.internal;

import dev.eddy.reactor.internal.Registration;
import dev.eddy.reactor.internal.SelectorParker;
import dev.eddy.runtime.Task;
import dev.eddy.runtime.TaskContext;
import dev.eddy.runtime.TaskHandle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task that owns a push-style server's listening socket: accepts while connections may be
 * opened, then waits for {@code OP_ACCEPT}; at {@code max-connections} it stops asking for
 * readiness (new peers wait in the backlog) until a connection closes.
 *
 * <p>The pause has no lost wake-up: the acceptor sets {@link #paused} and then re-reads the
 * count, a closing connection lowers the count and then reads {@link #paused}; both are volatile,
 * so at least one of them sees the other's write.
 *
 * <p>Thread-safety: {@link #poll} by the runtime; the rest from any thread.
 */
final class Acceptor implements Task {

  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
  /** First wait after a failed accept (out of file descriptors, for example); it doubles. */
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
  /** Longest wait between retries of a failing accept (Tomcat's acceptor caps at 1.6 s). */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final ServerCore server;
  private final ServerSocketChannel channel;
  private final InetSocketAddress local;
  private final TaskHandle handle;
  private final Registration registration;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set once the selector has let go of the closed channel: the port is free. */
  private volatile boolean released;
  private volatile boolean paused;
  /** Task only: the wait before the next retry of a failing accept, null while accepts work. */
  private Duration backoff;
  /** Task only: whether reaching the connection limit has been logged. */
  private boolean warnedLimit;

  Acceptor(ServerCore server, ServerSocketChannel channel, SelectorParker parker)
      throws IOException {
    this.server = server;
    this.channel = channel;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.handle = server.runtime().register(this);
    this.registration = new Registration(parker, channel, handle);
    handle.whenComplete((v, e) -> close()); // aborted at the runtime's shutdown deadline
  }

  void start() {
    handle.wake();
  }

  @Override
  public boolean poll(TaskContext cx) {
    if (closed.get()) {
      return true;
    }
    int max = server.config().maxConnections();
    while (true) {
      if (server.connectionCount() >= max) {
        paused = true;
        if (server.connectionCount() >= max) {
          if (!warnedLimit) {
            warnedLimit = true; // once per server: at the limit this repeats with every close
            log.warn("Server {}: {} connections open, the limit (eddy.net.server.max-connections)"
                + "; not accepting until one closes", local, max);
          }
          return false;
        }
        paused = false;
      }
      SocketChannel ch;
      try {
        ch = channel.accept();
      } catch (IOException e) {
        if (closed.get()) {
          return true;
        }
        retryLater(e);
        return false;
      }
      backoff = null;
      if (ch == null) {
        registration.interest(SelectionKey.OP_ACCEPT);
        return false;
      }
      server.accepted(ch);
      if (!cx.consumeBudget()) {
        cx.waker().wake(); // more may be waiting: go on after other tasks had a turn
        return false;
      }
    }
  }

  /** A failed accept (EMFILE, ENFILE, ENOBUFS): retrying at once would spin, so wait first. */
  private void retryLater(IOException e) {
    backoff = backoff == null ? FIRST_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
    log.warn("Server {}: accept failed ({}); retrying in {} ms", local, e.toString(),
        backoff.toMillis());
    server.runtime().timer().schedule(backoff, handle::wake);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** A connection closed: resume accepting if the limit had paused it. */
  void connectionClosed() {
    if (paused) {
      paused = false;
      handle.wake();
    }
  }

  /**
   * Closes the listening socket. The JDK closes a registered channel's socket only when its
   * selector drops the key, so the server hears back ({@link ServerCore#acceptorClosed}) after
   * that: from then on the port is free.
   */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ServerCore.closeQuietly(channel);
    registration.cancel(() -> {
      released = true;
      server.acceptorClosed();
    });
    handle.wake();
  }

  /** Whether the listening socket is closed and its port free. */
  boolean isClosed() {
    return released;
  }

  InetSocketAddress localAddress() {
    return local;
  }
}
