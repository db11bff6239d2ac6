package dev.eddy.http;

import dev.eddy.http.server.HttpServerCore;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running HTTP server, from {@link App#listen}: where it listens and how to stop it.
 *
 * <p>A graceful {@link #shutdown(Duration)} stops accepting at once, lets the requests in flight
 * finish (each connection sends its last response with {@code Connection: close} and closes;
 * idle keep-alive connections close right away), and aborts whatever is still open at the
 * deadline (its queued bytes are dropped), so the shutdown ends by then whatever the peers do,
 * even one that never reads. If the server made its own runtime (listen was called outside one), that runtime
 * stops after the server.
 *
 * <p>Thread-safety: every method from any thread.
 */
public final class Server implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Server.class);

  private final HttpServerCore core;
  private final Runtime ownedRuntime;
  private final Duration defaultDeadline;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  Server(HttpServerCore core, Runtime ownedRuntime, Duration defaultDeadline) {
    this.core = core;
    this.ownedRuntime = ownedRuntime;
    this.defaultDeadline = defaultDeadline;
    core.whenTerminated().whenComplete((v, e) -> {
      if (ownedRuntime == null) {
        terminated.complete(null);
        return;
      }
      // Not on the runtime's own threads: shutdown waits for them.
      Thread stopper = new Thread(() -> {
        ownedRuntime.shutdown(defaultDeadline);
        terminated.complete(null);
      }, "eddy-http-shutdown");
      stopper.setDaemon(false);
      stopper.start();
    });
  }

  /** The address the server listens on, with the actual port when bound to port 0. */
  public InetSocketAddress localAddress() {
    return core.localAddress();
  }

  /**
   * Stops gracefully within {@code deadline}: no new connections, in-flight requests finish,
   * then everything closes; what has not finished at {@code deadline} is aborted, so the stage
   * completes soon after the deadline at the latest.
   *
   * @return a stage that completes when every connection is closed (and an owned runtime has
   *     stopped); it completes on a runtime or shutdown thread
   */
  public CompletionStage<Void> shutdown(Duration deadline) {
    core.shutdown(deadline);
    return terminated.minimalCompletionStage();
  }

  /** {@link #shutdown(Duration)} with {@code eddy.http.server.shutdown-timeout}. */
  public CompletionStage<Void> shutdown() {
    return shutdown(defaultDeadline);
  }

  /** A stage that completes once the server has stopped (after a shutdown or a close). */
  public CompletionStage<Void> whenTerminated() {
    return terminated.minimalCompletionStage();
  }

  /**
   * Stops now: no new connections, and every open connection is closed after what it has
   * already queued is sent (requests in flight get no answer); a connection whose peer does not
   * read that is not closed within {@code eddy.net.server.close-timeout} is aborted. Does not
   * wait; see {@link #whenTerminated()}. For a graceful stop use {@link #shutdown(Duration)}.
   */
  @Override
  public void close() {
    log.debug("HTTP server on {} closed", localAddress());
    core.close();
  }

  /**
   * Stops at once: no new connections, and every open connection is aborted: its socket is
   * closed, whatever it had queued is dropped, requests in flight get no answer. What a
   * shutdown does at its deadline; for when even {@link #close()}'s flush must not be waited
   * for. Does not wait; {@link #whenTerminated()} completes soon after (and after an owned
   * runtime has stopped). Idempotent, also after {@link #shutdown(Duration)} or {@link
   * #close()}; any thread.
   */
  public void abort() {
    log.debug("HTTP server on {} aborted", localAddress());
    core.abort();
  }

  @Override
  public String toString() {
    return "Server[" + localAddress() + "]";
  }
}
