package dev.eddy.http.client.internal;

import dev.eddy.http.client.ClientConfig;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.RedirectPolicy;
import dev.eddy.net.NetConfig;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.Cancellable;
import dev.eddy.time.TimeoutExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The end of the client's middleware chain: follows redirects ({@link Redirects}, asking the
 * {@link RedirectPolicy} at each hop), bounds the request with its timeout until the head and
 * its call timeout until the end of the body ({@link CallDeadline}), takes a connection from the
 * origin's {@link HostPool}, runs the exchange, and retries once on a fresh connection when a
 * pooled one turns out stale and the request is safe to resend: its body is replayable, no
 * response byte was seen, and either no byte of it was written or it is idempotent (its method,
 * or an {@code Idempotency-Key} header, as Go's transport does; RFC 9110 §9.2.2).
 *
 * <p>Pools are made on first use of an origin and retire once empty for {@code idle-timeout}
 * ({@link HostPool}); the lines of all pools share one bound, {@code max-waiters}.
 *
 * <p>Threads: any thread may send; stages complete on the runtime's workers.
 */
public final class Dispatcher {

  private final Runtime runtime;
  private final ClientConfig config;
  private final NetConfig net;
  private final RedirectPolicy policy;
  private final ConcurrentHashMap<String, HostPool> pools = new ConcurrentHashMap<>();
  private final AtomicInteger waiters = new AtomicInteger(); // in the lines of all pools
  private volatile boolean closed;

  public Dispatcher(Runtime runtime, ClientConfig config, NetConfig net, RedirectPolicy policy) {
    this.runtime = runtime;
    this.config = config;
    this.policy = policy;
    this.net = net.withConnectTimeout(config.connectTimeout())
        .withReadTimeout(config.readTimeout());
  }

  /** The runtime the exchanges run on. */
  public Runtime runtime() {
    return runtime;
  }

  /**
   * Connections opened so far by the current pool of {@code host:port} (tests, metrics); 0 once
   * that pool has retired.
   */
  public long connects(String origin) {
    HostPool p = pools.get(origin);
    return p == null ? 0 : p.connects();
  }

  /** Sends {@code request}, following redirects, within its timeouts. */
  public CompletionStage<ClientResponse> send(ClientRequest request) {
    Duration limit = request.timeout() != null ? request.timeout() : config.requestTimeout();
    Duration call = request.callTimeout() != null ? request.callTimeout()
        : config.callTimeout();
    Attempt attempt = new Attempt();
    CompletableFuture<ClientResponse> result = new CompletableFuture<>();
    Cancellable timer = limit.isZero() ? null : runtime.timer().schedule(limit, () -> {
      if (result.completeExceptionally(new TimeoutExceededException(
          request.method() + " " + request.uri() + " (request-timeout)", limit))) {
        attempt.abort();
      }
    });
    CallDeadline deadline = call.isZero() ? null
        : new CallDeadline(runtime.timer(), request, call, result, attempt::abort);
    Redirects.follow(request, config.maxRedirects(), policy, r -> once(r, attempt))
        .whenComplete((response, failure) -> {
          if (timer != null) {
            timer.cancel();
          }
          if (failure != null) {
            if (deadline != null) {
              deadline.cancel();
            }
            result.completeExceptionally(unwrap(failure));
          } else if (!result.complete(deadline == null ? response
              : deadline.cover(response, config.maxBodySize()))) {
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
    return on(acquire(target, false), request, target, attempt)
        .exceptionallyCompose(failure -> {
          Throwable cause = unwrap(failure);
          // Nothing of a response arrived; resending is safe when the body can be sent again
          // (a stream was consumed by the first try), and the server cannot have acted on the
          // request already, or doing it twice is harmless.
          if (cause instanceof StaleConnectionException stale && !attempt.aborted
              && request.isReplayable() && (!stale.requestWritten() || idempotent(request))) {
            return on(acquire(target, true), request, target, attempt);
          }
          return CompletableFuture.failedStage(cause);
        });
  }

  /** Whether sending {@code request} twice is harmless: its method, or an idempotency key. */
  static boolean idempotent(ClientRequest request) {
    return request.isIdempotent() || request.header("Idempotency-Key") != null
        || request.header("X-Idempotency-Key") != null;
  }

  /** A connection from the origin's current pool (a new pool if the last one retired). */
  private CompletableFuture<Connection> acquire(Target target, boolean fresh) {
    for (;;) {
      HostPool pool = pools.computeIfAbsent(target.origin(),
          o -> new HostPool(target.host(), target.port(), runtime, config, net, waiters,
              retired -> pools.remove(o, retired)));
      CompletableFuture<Connection> acquired = pool.acquire(fresh);
      if (acquired != null) {
        return acquired;
      }
    }
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
