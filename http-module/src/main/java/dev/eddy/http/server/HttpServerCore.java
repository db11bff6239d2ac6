package dev.eddy.http.server;

import dev.eddy.http.App;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.codec.HttpDate;
import dev.eddy.http.codec.HttpLimits;
import dev.eddy.http.codec.ResponseEncoder;
import dev.eddy.net.Connection;
import dev.eddy.net.ConnectionHandler;
import dev.eddy.net.TcpServer;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.Cancellable;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server: the {@link ConnectionHandler} of a push-style {@link TcpServer} that gives
 * each connection an {@link HttpConnection}, and the shared settings those read. Also the
 * graceful shutdown: stop accepting, let every connection finish its in-flight requests (idle
 * ones close at once), then abort what is left at the deadline.
 *
 * <p>Thread-safety: the handler methods run on each connection's task; the rest from any thread.
 */
public final class HttpServerCore implements ConnectionHandler {

  private static final Logger log = LoggerFactory.getLogger(HttpServerCore.class);

  private final App<?> app;
  private final HttpServerConfig config;
  private final Runtime runtime;
  private final HttpLimits limits;
  private final long headerReadTimeoutNanos;
  private final long idleTimeoutNanos;
  private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
  private volatile TcpServer tcp;
  private volatile boolean shuttingDown;

  private HttpServerCore(App<?> app, HttpServerConfig config, Runtime runtime) {
    this.app = app;
    this.config = config;
    this.runtime = runtime;
    this.limits = new HttpLimits(config.maxRequestLine(), config.maxHeaderBytes(),
        config.maxHeaders(), config.maxBodySize());
    this.headerReadTimeoutNanos = config.headerReadTimeout().toNanos();
    this.idleTimeoutNanos = config.idleTimeout().toNanos();
  }

  /** Serves {@code app} on {@code address}. */
  public static CompletionStage<HttpServerCore> listen(App<?> app, Runtime runtime,
      InetSocketAddress address, HttpServerConfig config) {
    HttpServerCore core = new HttpServerCore(app, config, runtime);
    return TcpServer.bind(runtime, address, core, config.tcp()).thenApply(tcp -> {
      core.tcp = tcp;
      log.info("HTTP server listening on {}", tcp.localAddress());
      return core;
    });
  }

  // ---- ConnectionHandler ---------------------------------------------------------------------

  @Override
  public void onOpen(Connection connection) {
    HttpConnection http = new HttpConnection(this, connection);
    connection.attach(http);
    connections.add(http);
    if (shuttingDown) {
      http.shutdown();
    }
    http.onOpen();
  }

  @Override
  public void onData(Connection connection, ByteBuffer data) {
    ((HttpConnection) connection.attachment()).onData(data);
  }

  @Override
  public void onInputShutdown(Connection connection) {
    ((HttpConnection) connection.attachment()).onInputShutdown();
  }

  @Override
  public void onWritable(Connection connection) {
    ((HttpConnection) connection.attachment()).onWritable();
  }

  @Override
  public void onClose(Connection connection, Throwable cause) {
    HttpConnection http = (HttpConnection) connection.attachment();
    if (http != null) {
      http.onClose(cause);
      connections.remove(http);
    }
  }

  // ---- the server ----------------------------------------------------------------------------

  public InetSocketAddress localAddress() {
    return tcp.localAddress();
  }

  /**
   * Stops accepting, lets in-flight requests finish (idle connections close now), and aborts
   * what is still open at {@code deadline}, whatever its peer does.
   */
  public CompletionStage<Void> shutdown(Duration deadline) {
    if (!shuttingDown) {
      shuttingDown = true;
      tcp.stopAccepting();
      log.info("HTTP server on {} shutting down: {} connections finishing, deadline {}",
          tcp.localAddress(), connections.size(), deadline);
      for (HttpConnection c : connections) {
        c.shutdown();
      }
      CompletableFuture<Void> done = tcp.whenClosed().toCompletableFuture();
      runtime.timer().schedule(deadline, () -> {
        if (!done.isDone()) {
          log.warn("HTTP server on {}: {} connections still busy at the shutdown deadline; "
              + "aborting them", tcp.localAddress(), tcp.connectionCount());
          tcp.abort(); // a graceful close could wait for ever on a peer that does not read
        }
      });
    }
    return tcp.whenClosed();
  }

  public CompletionStage<Void> whenTerminated() {
    return tcp.whenClosed();
  }

  /** Closes every connection gracefully now (bounded by the TCP close-timeout). */
  public void close() {
    shuttingDown = true;
    tcp.close();
  }

  /** Aborts every connection now, as at the shutdown deadline. */
  public void abort() {
    shuttingDown = true;
    tcp.abort();
  }

  // ---- what connections read -----------------------------------------------------------------

  App<?> app() {
    return app;
  }

  HttpServerConfig config() {
    return config;
  }

  HttpLimits limits() {
    return limits;
  }

  boolean isShuttingDown() {
    return shuttingDown;
  }

  int maxPipelined() {
    return config.maxPipelined();
  }

  int bodyBuffer() {
    return config.bodyBuffer();
  }

  long headerReadTimeoutNanos() {
    return headerReadTimeoutNanos;
  }

  long idleTimeoutNanos() {
    return idleTimeoutNanos;
  }

  ResponseEncoder newEncoder() {
    return new ResponseEncoder(HttpDate.SYSTEM,
        config.serverHeader().isEmpty() ? null : config.serverHeader());
  }

  long nanoTime() {
    return runtime.timer().clock().nanoTime();
  }

  /**
   * Runs {@code action} on a worker at {@code deadline} ({@link #nanoTime()} units); cancelling
   * the result drops it from the timer (and what it holds).
   */
  Cancellable schedule(long deadline, Runnable action) {
    long delay = Math.max(0, deadline - nanoTime());
    return runtime.timer().schedule(Duration.ofNanos(delay), action);
  }
}
