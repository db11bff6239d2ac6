package dev.eddy.http.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.eddy.http.App;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoggingTest {

  private static Response call(App<?> app, Request.Builder r) throws Exception {
    return app.handle(r).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void logsOneInfoLinePerRequestWithMethodPathStatusDurationAndAddress() throws Exception {
    App<Void> app = App.create();
    app.with(Logging.requests());
    app.at("/hello/:name").get(req -> "hi");
    try (LogCapture logs = new LogCapture(Logging.LOGGER_NAME)) {
      Response r = call(app, Request.get("/hello/ada?token=secret")
          .addresses(new InetSocketAddress("10.1.2.3", 4567), new InetSocketAddress(8080)));
      assertThat(r.status()).isEqualTo(200);
      List<ILoggingEvent> events = logs.events();
      assertThat(events).hasSize(1);
      ILoggingEvent e = events.get(0);
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(e.getLoggerName()).isEqualTo("dev.eddy.http.requests");
      assertThat(e.getFormattedMessage())
          .matches("GET /hello/ada 200 \\d+\\.\\dms 10\\.1\\.2\\.3:4567")
          .doesNotContain("secret");
    }
  }

  @Test
  void logsServerErrorsAtWarnAndClientErrorsAtInfo() throws Exception {
    App<Void> app = App.create();
    app.with(Logging.requests());
    app.at("/boom").get(req -> {
      throw new IllegalStateException("bug");
    });
    try (LogCapture logs = new LogCapture(Logging.LOGGER_NAME)) {
      call(app, Request.get("/boom"));
      call(app, Request.get("/missing"));
      List<ILoggingEvent> events = logs.events();
      assertThat(events).extracting(ILoggingEvent::getLevel)
          .containsExactly(Level.WARN, Level.INFO);
      assertThat(events.get(0).getFormattedMessage()).startsWith("GET /boom 500 ");
      assertThat(events.get(1).getFormattedMessage()).startsWith("GET /missing 404 ");
    }
  }

  @Test
  void includesTheRequestIdWhenRequestIdRanFirst() throws Exception {
    App<Void> app = App.create();
    app.with(RequestId.create());
    app.with(Logging.requests());
    app.at("/").get(req -> "ok");
    try (LogCapture logs = new LogCapture(Logging.LOGGER_NAME)) {
      call(app, Request.get("/").header("X-Request-Id", "abc-123"));
      assertThat(logs.events().get(0).getFormattedMessage()).endsWith(" id=abc-123");
    }
  }

  @Test
  void logsAfterAnAsynchronousAnswer() throws Exception {
    App<Void> app = App.create();
    app.with(Logging.requests());
    app.at("/later").get(req -> java.util.concurrent.CompletableFuture.supplyAsync(() -> "x"));
    try (LogCapture logs = new LogCapture(Logging.LOGGER_NAME)) {
      call(app, Request.get("/later"));
      assertThat(logs.events()).singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("GET /later 200 "));
    }
  }
}
