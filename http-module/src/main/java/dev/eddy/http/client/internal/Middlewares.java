package dev.eddy.http.client.internal;

import dev.eddy.http.Headers;
import dev.eddy.http.client.ClientMiddleware;
import dev.eddy.http.client.ClientNext;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TimeoutExceededException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The middleware behind {@link ClientMiddleware}'s factories. Static, any thread. */
public final class Middlewares {

  private static final Logger log = LoggerFactory.getLogger("dev.eddy.http.client.Client");
  private static final int SERVICE_UNAVAILABLE = 503;

  private Middlewares() {}

  /** Logs each request once at INFO: method, URL, status or failure, and the time to the head. */
  public static ClientMiddleware logging() {
    return (request, next) -> {
      long start = System.nanoTime();
      return next.run(request).whenComplete((response, failure) -> {
        long micros = (System.nanoTime() - start) / 1000;
        if (failure != null) {
          log.info("{} {} failed after {} us: {}", request.method(), request.uri(), micros,
              Dispatcher.unwrap(failure).toString());
        } else {
          log.info("{} {} -> {} in {} us", request.method(), request.uri(), response.status(),
              micros);
        }
      });
    };
  }

  /** Adds each of {@code defaults} that the request does not set itself. */
  public static ClientMiddleware defaultHeaders(Headers defaults) {
    Headers fixed = copy(defaults);
    return (request, next) -> {
      ClientRequest r = request;
      for (int i = 0; i < fixed.size(); i++) {
        if (r.header(fixed.name(i)) == null) {
          r = r.withHeader(fixed.name(i), fixed.value(i));
        }
      }
      return next.run(r);
    };
  }

  /**
   * Retries idempotent requests with replayable bodies after a connect failure (refused, timed
   * out) or a 503, up to {@code attempts} tries in all, waiting {@code firstDelay}, then twice as
   * long each time.
   */
  public static ClientMiddleware retry(int attempts, Duration firstDelay) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts = " + attempts + ": expected at least 1");
    }
    if (firstDelay.isNegative()) {
      throw new IllegalArgumentException("firstDelay = " + firstDelay + ": expected >= 0");
    }
    return (request, next) -> {
      if (!request.isIdempotent() || !request.isReplayable()) {
        return next.run(request);
      }
      CompletableFuture<ClientResponse> result = new CompletableFuture<>();
      attempt(request, next, 1, attempts, firstDelay, result);
      return result;
    };
  }

  private static void attempt(ClientRequest request, ClientNext next, int n, int attempts,
      Duration delay, CompletableFuture<ClientResponse> result) {
    CompletionStage<ClientResponse> stage;
    try {
      stage = next.run(request);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    stage.whenComplete((response, failure) -> {
      boolean again = n < attempts && (failure != null ? isConnectFailure(failure)
          : response.status() == SERVICE_UNAVAILABLE);
      if (!again) {
        if (failure != null) {
          result.completeExceptionally(Dispatcher.unwrap(failure));
        } else {
          result.complete(response);
        }
        return;
      }
      if (response != null) {
        response.close();
      }
      log.debug("{} {}: attempt {} of {} failed ({}); retrying in {}", request.method(),
          request.uri(), n, attempts, failure != null ? Dispatcher.unwrap(failure)
              : "503 Service Unavailable", delay);
      sleep(delay).thenRun(() -> attempt(request, next, n + 1, attempts, delay.multipliedBy(2),
          result));
    });
  }

  private static boolean isConnectFailure(Throwable failure) {
    Throwable cause = Dispatcher.unwrap(failure);
    return cause instanceof ConnectException || cause instanceof java.net.NoRouteToHostException
        || (cause instanceof TimeoutExceededException t && t.getMessage().startsWith("connect"));
  }

  private static CompletionStage<Void> sleep(Duration delay) {
    try {
      return Runtime.current().timer().sleep(delay);
    } catch (IllegalStateException notOnARuntime) {
      return CompletableFuture.runAsync(() -> { },
          CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
    }
  }

  private static Headers copy(Headers h) {
    Headers out = new Headers();
    for (int i = 0; i < h.size(); i++) {
      out.add(h.name(i), h.value(i));
    }
    return out.readOnly();
  }
}
