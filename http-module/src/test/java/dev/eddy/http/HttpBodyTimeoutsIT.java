package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.middleware.Guards;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timers beyond the request head (security review #1, #6): a body that stops arriving, the
 * unread rest of a body after an early answer, a partial head resumed from input kept while
 * pipelining was paused, and a handler still reading a body whose response already went out.
 */
class HttpBodyTimeoutsIT {

  /** The header-read timeout of the server. */
  private static final Duration HEAD_TIMEOUT = Duration.ofMillis(300);
  /** The body-read and body-discard timeouts of the server. */
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);
  /** The Guards.timeout of /upload: well below BODY_TIMEOUT, so the 503 comes first. */
  private static final Duration GUARD = Duration.ofMillis(100);
  /** Longer than every timeout above plus scheduling slack; shorter than RawClient's deadline. */
  private static final Duration HANG = Duration.ofSeconds(8);

  private final CompletableFuture<Object> uploadOutcome = new CompletableFuture<>();
  private ItServer it;

  @BeforeEach
  void start() throws Exception {
    App<Void> app = App.create();
    app.at("/echo").post(req -> req.bodyBytes().thenApply(b -> "got " + b.length));
    app.at("/thing").get(req -> "thing");
    app.at("/slow").get(req -> CompletableFuture.supplyAsync(() -> "slow",
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)));
    app.at("/upload").with(Guards.timeout(GUARD)).post(req -> req.bodyBytes().handle((b, f) -> {
      uploadOutcome.complete(b != null ? b : unwrap(f));
      return "read";
    }));
    // max-pipelined = 2: the third pipelined request waits in the kept input.
    HttpServerConfig config = HttpServerConfig.from(EddyConfig.load(
            ConfigFactory.parseString("eddy.http.server.max-pipelined = 2")))
        .withTimeouts(HEAD_TIMEOUT, Duration.ofSeconds(30))
        .withBodyTimeouts(BODY_TIMEOUT, BODY_TIMEOUT);
    it = new ItServer(app, config);
  }

  @AfterEach
  void stop() {
    it.close();
  }

  private static Throwable unwrap(Throwable f) {
    return f instanceof CompletionException && f.getCause() != null ? f.getCause() : f;
  }

  @Test
  void aBodyThatStopsArrivingGets408AndAClose() {
    assertTimeoutPreemptively(HANG, () -> {
      try (RawClient c = it.connect()) {
        c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345");
        RawClient.Reply r = c.read();
        assertThat(r.status()).as(r.statusLine()).isEqualTo(408);
        assertThat(r.text()).contains("request body").contains("PT1S");
        assertThat(c.closedByServer()).isTrue();
      }
    });
  }

  @Test
  void theUnsentRestOfAnAnsweredBodyEndsInAClose() {
    assertTimeoutPreemptively(HANG, () -> {
      try (RawClient c = it.connect()) {
        c.send("GET /thing HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(200);
        assertThat(c.closedByServer()).isTrue();
      }
    });
  }

  @Test
  void aBodyTrickledAfterAnEarlyAnswerIsCutOffAtTheDiscardTimeout() {
    assertTimeoutPreemptively(HANG, () -> {
      try (RawClient c = it.connect()) {
        c.send("GET /thing HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(200);
        // One byte every 50 ms never trips the body-read timeout (1 s between bytes), but
        // skipping the body may take 1 s in all. A scheduler paces the bytes; it stops on the
        // first failed send (the server hung up).
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try {
          pacer.scheduleAtFixedRate(() -> {
            try {
              c.send("x");
            } catch (IOException e) {
              throw new IllegalStateException("the server closed the connection", e);
            }
          }, 0, 50, TimeUnit.MILLISECONDS);
          assertThat(c.closedByServer()).isTrue();
        } finally {
          pacer.shutdownNow();
          assertThat(pacer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
      }
    });
  }

  @Test
  void aPartialHeadResumedFromKeptInputIsTimed() {
    assertTimeoutPreemptively(HANG, () -> {
      try (RawClient c = it.connect()) {
        c.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n".repeat(2) + "GET /thing HTTP/1.1\r\nHo");
        assertThat(c.read().text()).isEqualTo("slow");
        assertThat(c.read().text()).isEqualTo("slow");
        RawClient.Reply r = c.read();
        assertThat(r.status()).as(r.statusLine()).isEqualTo(408);
        assertThat(c.closedByServer()).isTrue();
      }
    });
  }

  @Test
  void aHandlerReadingABodyAfterItsResponseWentOutGetsAFailureNotAShortBody() {
    assertTimeoutPreemptively(HANG, () -> {
      try (RawClient c = it.connect()) {
        c.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n0123456789");
        RawClient.Reply r = c.read();
        assertThat(r.status()).as(r.statusLine()).isEqualTo(503);
        c.send(new byte[100_000 - 10]);
        Object outcome = uploadOutcome.get(5, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(IOException.class);
        assertThat(((IOException) outcome).getMessage())
            .isEqualTo("request body abandoned: the response was already sent");
      }
    });
  }
}
