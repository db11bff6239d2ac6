package dev.eddy.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.eddy.http.Body;
import dev.eddy.http.Headers;
import dev.eddy.http.middleware.LogCapture;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TestClock;
import dev.eddy.time.TimeoutExceededException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The retry and logging middleware on their own: a scripted {@link ClientNext} stands in for the
 * wire, and the retry's backoff runs on a runtime with a {@link TestClock}.
 */
class ClientMiddlewareTest {

  private static final URI URL = URI.create("http://example.test/a?b=1");

  private static ClientRequest request(String method) {
    return new RequestBuilder(null, method, URL).build();
  }

  private static ClientRequest request(String method, String body) {
    return new RequestBuilder(null, method, URL).body(body).build();
  }

  private static ClientResponse response(int status) {
    return ClientResponse.of(status, new Headers(), Body.empty(), URL);
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  // ---- retry -----------------------------------------------------------------------------------

  @Test
  void retriesAGetOnConnectFailureAnd503WithDoublingDelaysOnTheTestClock() throws Exception {
    TestClock clock = new TestClock();
    try (Runtime runtime = Runtime.builder().workers(1).clock(clock).build()) {
      List<Duration> at = new CopyOnWriteArrayList<>();
      BlockingQueue<CompletableFuture<ClientResponse>> calls = new LinkedBlockingQueue<>();
      ClientNext next = r -> {
        at.add(clock.elapsed());
        CompletableFuture<ClientResponse> f = new CompletableFuture<>();
        calls.add(f);
        return f;
      };
      ClientMiddleware retry = ClientMiddleware.retry(3, Duration.ofMillis(100));
      CompletableFuture<ClientResponse> result = runtime
          .spawnAsync(() -> retry.handle(request("GET"), next)).toCompletableFuture();

      // Attempt 1 refused: the backoff timer is set on the runtime's (test) clock.
      CompletableFuture<ClientResponse> first = calls.poll(5, TimeUnit.SECONDS);
      onRuntime(runtime, () -> first.completeExceptionally(new ConnectException("refused")));
      clock.advance(Duration.ofMillis(99));
      assertThat(calls).isEmpty();
      clock.advance(Duration.ofMillis(1));

      // Attempt 2 answered 503: its body is let go, and the next wait is twice as long.
      CompletableFuture<ClientResponse> second = calls.poll(5, TimeUnit.SECONDS);
      assertThat(second).isNotNull();
      AtomicBoolean cancelled = new AtomicBoolean();
      ClientResponse unavailable = ClientResponse.of(503, new Headers(), tracking(cancelled),
          URL);
      onRuntime(runtime, () -> second.complete(unavailable));
      assertThat(cancelled).isTrue();
      clock.advance(Duration.ofMillis(199));
      assertThat(calls).isEmpty();
      clock.advance(Duration.ofMillis(1));

      CompletableFuture<ClientResponse> third = calls.poll(5, TimeUnit.SECONDS);
      assertThat(third).isNotNull();
      ClientResponse ok = response(200);
      onRuntime(runtime, () -> third.complete(ok));

      assertThat(get(result)).isSameAs(ok);
      assertThat(at).containsExactly(Duration.ZERO, Duration.ofMillis(100),
          Duration.ofMillis(300));
      assertThat(result).isDone();
      assertThat(calls).isEmpty();
    }
  }

  @Test
  void givesUpAfterTheLastAttemptWithItsOutcome() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    ClientMiddleware retry = ClientMiddleware.retry(3, Duration.ZERO);

    assertThatThrownBy(() -> get(retry.handle(request("HEAD"), r -> {
      tries.incrementAndGet();
      return CompletableFuture.failedFuture(new CompletionException(
          new ConnectException("Connection refused")));
    }))).cause().isInstanceOf(ConnectException.class).hasMessage("Connection refused");
    assertThat(tries).hasValue(3);

    tries.set(0);
    ClientResponse last = get(retry.handle(request("DELETE"), r -> {
      tries.incrementAndGet();
      return CompletableFuture.completedFuture(response(503));
    }));
    assertThat(last.status()).isEqualTo(503);
    assertThat(tries).hasValue(3);

    tries.set(0);
    ClientResponse put = get(retry.handle(request("PUT", "replayable"), r -> {
      return CompletableFuture.completedFuture(response(
          tries.incrementAndGet() == 1 ? 503 : 204));
    }));
    assertThat(put.status()).isEqualTo(204);
    assertThat(tries).hasValue(2);
  }

  @Test
  void doesNotRetryPostsStreamsOrOtherFailures() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    ClientMiddleware retry = ClientMiddleware.retry(5, Duration.ZERO);
    ClientNext unavailable = r -> {
      tries.incrementAndGet();
      return CompletableFuture.completedFuture(response(503));
    };
    ClientNext refused = r -> {
      tries.incrementAndGet();
      return CompletableFuture.failedFuture(new ConnectException("Connection refused"));
    };

    assertThat(get(retry.handle(request("POST", "once"), unavailable)).status()).isEqualTo(503);
    assertThat(tries).hasValue(1);
    tries.set(0);
    assertThatThrownBy(() -> get(retry.handle(request("POST", "once"), refused)))
        .cause().isInstanceOf(ConnectException.class);
    assertThat(tries).hasValue(1);
    tries.set(0);
    assertThat(get(retry.handle(request("PATCH", "once"), unavailable)).status()).isEqualTo(503);
    assertThat(tries).hasValue(1);

    // An idempotent method with a body that cannot be sent twice.
    tries.set(0);
    ClientRequest stream = new RequestBuilder(null, "PUT", URL)
        .body(ClientEddyServerIT.generated(10)).build();
    assertThat(stream.isReplayable()).isFalse();
    assertThat(get(retry.handle(stream, unavailable)).status()).isEqualTo(503);
    assertThat(tries).hasValue(1);

    // Failures other than connecting: the request may have reached the server.
    for (Throwable failure : List.of(new IOException("Connection reset"),
        new TimeoutExceededException("read from example.test:80", Duration.ofSeconds(1)))) {
      tries.set(0);
      assertThatThrownBy(() -> get(retry.handle(request("GET"), r -> {
        tries.incrementAndGet();
        return CompletableFuture.failedFuture(failure);
      }))).cause().isSameAs(failure);
      assertThat(tries).hasValue(1);
    }
    // Other statuses pass through.
    tries.set(0);
    assertThat(get(retry.handle(request("GET"), r -> {
      tries.incrementAndGet();
      return CompletableFuture.completedFuture(response(500));
    })).status()).isEqualTo(500);
    assertThat(tries).hasValue(1);
  }

  @Test
  void retriesAConnectTimeout() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    ClientMiddleware retry = ClientMiddleware.retry(2, Duration.ZERO);
    assertThatThrownBy(() -> get(retry.handle(request("GET"), r -> {
      tries.incrementAndGet();
      return CompletableFuture.failedFuture(new TimeoutExceededException(
          "connect to example.test:80", Duration.ofSeconds(10)));
    }))).cause().isInstanceOf(TimeoutExceededException.class);
    assertThat(tries).hasValue(2);
  }

  @Test
  void rejectsBadRetrySettings() {
    assertThatThrownBy(() -> ClientMiddleware.retry(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts = 0");
    assertThatThrownBy(() -> ClientMiddleware.retry(1, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstDelay");
  }

  // ---- logging ---------------------------------------------------------------------------------

  @Test
  void logsOneInfoLinePerRequestWithMethodUrlStatusAndTime() throws Exception {
    ClientMiddleware logging = ClientMiddleware.logging();
    ClientResponse ok = response(200);
    try (LogCapture logs = new LogCapture("dev.eddy.http.client.Client")) {
      assertThat(get(logging.handle(request("GET"),
          r -> CompletableFuture.completedFuture(ok)))).isSameAs(ok);

      List<ILoggingEvent> events = logs.events();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).getLevel()).isEqualTo(Level.INFO);
      assertThat(events.get(0).getLoggerName()).isEqualTo("dev.eddy.http.client.Client");
      assertThat(events.get(0).getFormattedMessage())
          .matches("GET http://example\\.test/a\\?b=1 -> 200 in \\d+ us");
    }
  }

  @Test
  void logsFailuresWithTheirCauseAndPassesThemOn() throws Exception {
    ClientMiddleware logging = ClientMiddleware.logging();
    ConnectException refused = new ConnectException("Connection refused");
    try (LogCapture logs = new LogCapture("dev.eddy.http.client.Client")) {
      assertThatThrownBy(() -> get(logging.handle(request("POST", "x"),
          r -> CompletableFuture.failedFuture(new CompletionException(refused)))))
          .hasRootCause(refused);

      List<ILoggingEvent> events = logs.events();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).getLevel()).isEqualTo(Level.INFO);
      assertThat(events.get(0).getFormattedMessage()).matches(
          "POST http://example\\.test/a\\?b=1 failed after \\d+ us: "
          + "java\\.net\\.ConnectException: Connection refused");
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** Runs {@code action} on a worker of {@code runtime} and waits until it has run. */
  private static void onRuntime(Runtime runtime, Runnable action) throws Exception {
    runtime.spawn(action).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static Body tracking(AtomicBoolean cancelled) {
    return new Body() {
      @Override
      public CompletionStage<Optional<ByteBuffer>> read() {
        return CompletableFuture.completedStage(Optional.empty());
      }

      @Override
      public long length() {
        return 0;
      }

      @Override
      public void cancel() {
        cancelled.set(true);
      }
    };
  }
}
