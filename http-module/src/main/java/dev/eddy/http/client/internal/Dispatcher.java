package dev.eddy.http.client.internal;

import dev.eddy.http.client.ClientConfig;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.net.NetConfig;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.Cancellable;
import dev.eddy.time.TimeoutExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The end of the client's middleware chain: follows redirects ({@link Redirects}), bounds the
 * request with its timeout, takes a connection from the origin's {@link HostPool}, runs the
 * exchange, and retries once on a fresh connection when a pooled one turns out stale and the
 * request is safe to resend (idempotent method or replayable body, and no response byte seen).
 *
 * <p>Threads: any thread may send; stages complete on the runtime's workers.
 */
public final class Dispatcher {

  private final Runtime runtime;
  private final ClientConfig config;
  private final NetConfig net;
  private final ConcurrentHashMap<String, HostPool> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public Dispatcher(Runtime runtime, ClientConfig config, NetConfig net) {
    this.runtime = runtime;
    this.config = config;
    this.net = net.withConnectTimeout(config.connectTimeout())
        .withReadTimeout(config.readTimeout());
  }

  /** The runtime the exchanges run on. */
  public Runtime runtime() {
    return runtime;
  }

  /** Connections opened so far to {@code host:port} (tests, metrics). */
  public long connects(String origin) {
    HostPool p = pools.get(origin);
    return p == null ? 0 : p.connects();
  }

  /** Sends {@code request}, following redirects, within its timeout. */
  public CompletionStage<ClientResponse> send(ClientRequest request) {
    Duration limit = request.timeout() != null ? request.timeout() : config.requestTimeout();
    Attempt attempt = new Attempt();
    CompletableFuture<ClientResponse> result = new CompletableFuture<>();
    Cancellable timer = limit.isZero() ? null : runtime.timer().schedule(limit, () -> {
      if (result.completeExceptionally(new TimeoutExceededException(
          request.method() + " " + request.uri() + " (request-timeout)", limit))) {
        attempt.abort();
      }
    });
    Redirects.follow(request, config.maxRedirects(), r -> once(r, attempt))
        .whenComplete((response, failure) -> {
          if (timer != null) {
            timer.cancel();
          }
          if (failure != null) {
            result.completeExceptionally(unwrap(failure));
          } else if (!result.complete(response)) {
            response.close(); // timed out meanwhile
          }
        });
    return result;
  }

  private CompletionStage<ClientResponse> once(ClientRequest request, Attempt attempt) {
    Target target;
    try {
      Target.check(request.uri());
      target = Target.of(request.uri());
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(e);
    }
    if (closed) {
      return CompletableFuture.failedStage(new IllegalStateException("the client is closed"));
    }
    HostPool pool = pools.computeIfAbsent(target.origin(),
        o -> new HostPool(target.host(), target.port(), runtime, config, net));
    return on(pool.acquire(false), request, target, attempt)
        .exceptionallyCompose(failure -> {
          Throwable cause = unwrap(failure);
          // Nothing of a response arrived; resending is safe when the body can be sent again
          // (a stream was consumed by the first try).
          if (cause instanceof StaleConnectionException && !attempt.aborted
              && request.isReplayable()) {
            return on(pool.acquire(true), request, target, attempt);
          }
          return CompletableFuture.failedStage(cause);
        });
  }

  private CompletionStage<ClientResponse> on(CompletableFuture<Connection> acquired,
      ClientRequest request, Target target, Attempt attempt) {
    attempt.waiting = acquired;
    return acquired.thenCompose(c -> {
      if (attempt.aborted) {
        c.pool.release(c);
        return CompletableFuture.failedStage(new java.util.concurrent.CancellationException(
            "request timed out"));
      }
      attempt.active = c;
      return c.exchange(request, target);
    });
  }

  /** Closes every pool: idle connections now, busy ones when their exchange ends. */
  public void close() {
    closed = true;
    pools.values().forEach(HostPool::close);
  }

  static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** What a request is doing now, so that its timeout can stop it. */
  private static final class Attempt {
    volatile boolean aborted;
    volatile CompletableFuture<Connection> waiting;
    volatile Connection active;

    void abort() {
      aborted = true;
      CompletableFuture<Connection> w = waiting;
      if (w != null) {
        w.cancel(false); // leaves the pool's line
      }
      Connection c = active;
      if (c != null) {
        c.abort(); // the exchange fails and the pool forgets the connection
      }
    }
  }
}
