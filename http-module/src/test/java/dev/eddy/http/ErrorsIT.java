package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.eddy.http.middleware.LogCapture;
import dev.eddy.http.middleware.Logging;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The server's refusals of requests it could not read (400 malformed, 414, 431, 408) over the
 * wire: they take the app's error form ({@link App#problems()}, {@link App#onError}) and show in
 * its request log.
 */
class ErrorsIT {

  private static final int MAX_LINE = 256;
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private static HttpServerConfig config() {
    return ItServer.config(c -> c.withHeadLimits(MAX_LINE, 1024, 10)
        .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30)));
  }

  /** Serves {@code app}, sends {@code request}, expects {@code status} and a close. */
  private static RawClient.Reply refused(App<?> app, String request, int status)
      throws Exception {
    return assertTimeoutPreemptively(LIMIT, () -> {
      try (ItServer it = new ItServer(app, config()); RawClient c = it.connect()) {
        c.send(request);
        RawClient.Reply r = c.read();
        assertThat(r.status()).as(r.statusLine()).isEqualTo(status);
        assertThat(c.closedByServer()).isTrue();
        return r;
      }
    });
  }

  private static void eachRefusal(Consumer<RawClient.Reply> check, App<?> app) throws Exception {
    check.accept(refused(app, "GARBAGE\r\n\r\n", 400));
    check.accept(refused(app, "GET /" + "a".repeat(MAX_LINE) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        414));
    check.accept(refused(app, "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(2048)
        + "\r\n\r\n", 431));
    check.accept(refused(app, "GET / HTTP/1.1\r\nHost: x\r\n", 408)); // never finished
  }

  @Test
  void refusalsAreProblemsWhenTheAppChoseThem() throws Exception {
    App<Void> app = App.create().problems();
    app.at("/").get(req -> "home");
    eachRefusal(r -> {
      assertThat(r.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
      assertThat(r.text()).startsWith("{\"type\":\"about:blank\",\"title\":\"")
          .contains("\"status\":" + r.status() + ",\"detail\":\"");
    }, app);
  }

  @Test
  void refusalsReachTheErrorHandler() throws Exception {
    App<Void> app = App.create();
    app.onError(HttpError.class, (req, e) -> Response.text(e.status(), "refused: " + e.status()
        + " " + req.method()));
    eachRefusal(r -> assertThat(r.text()).isEqualTo("refused: " + r.status() + " -"), app);
  }

  @Test
  void refusalsShowInTheRequestLog() throws Exception {
    App<Void> app = App.create();
    app.with(Logging.requests());
    app.at("/").get(req -> "home");
    try (LogCapture log = new LogCapture(Logging.LOGGER_NAME)) {
      refused(app, "GARBAGE\r\n\r\n", 400);
      refused(app, "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(2048) + "\r\n\r\n", 431);
      // The line is written before the answer is sent: no waiting needed once it is read.
      assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(l -> assertThat(l).startsWith("- - 400 - 127.0.0.1:"))
          .anySatisfy(l -> assertThat(l).startsWith("- - 431 - 127.0.0.1:"));
    }
  }
}
