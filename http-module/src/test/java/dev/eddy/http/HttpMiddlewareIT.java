package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.eddy.http.middleware.Cors;
import dev.eddy.http.middleware.Guards;
import dev.eddy.http.middleware.LogCapture;
import dev.eddy.http.middleware.Logging;
import dev.eddy.http.middleware.RequestId;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The shipped middleware over loopback: a CORS preflight, request lines, guards. */
class HttpMiddlewareIT {

  @Test
  void preflightLoggingRequestIdAndGuardsOverTheWire() throws Exception {
    App<Void> app = App.create();
    app.with(RequestId.create());
    app.with(Logging.requests());
    app.with(Cors.allowOrigins("https://app.example").allowMethods("GET", "PUT")
        .allowHeaders("Content-Type").exposeHeaders("X-Request-Id").build());
    app.at("/todos/:id").get(req -> "todo " + req.param("id"));
    app.at("/stuck").with(Guards.timeout(Duration.ofMillis(100)))
        .get(req -> new CompletableFuture<>());
    app.at("/upload").with(Guards.maxBodySize(8)).post(req -> req.bodyString());
    try (ItServer it = new ItServer(app, ItServer.config(c -> c));
        LogCapture logs = new LogCapture(Logging.LOGGER_NAME)) {
      try (RawClient c = it.connect()) {
        c.send("OPTIONS /todos/1 HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
            + "Access-Control-Request-Method: PUT\r\n"
            + "Access-Control-Request-Headers: content-type\r\n\r\n");
        RawClient.Reply pre = c.read();
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
        assertThat(pre.header("Access-Control-Allow-Methods")).isEqualTo("GET, PUT");
        assertThat(pre.header("Access-Control-Allow-Headers")).isEqualTo("content-type");
        assertThat(pre.header("Content-Length")).isNull();

        c.send("GET /todos/1 HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
            + "X-Request-Id: edge-7\r\n\r\n");
        RawClient.Reply get = c.read();
        assertThat(get.text()).isEqualTo("todo 1");
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
        assertThat(get.header("X-Request-Id")).isEqualTo("edge-7");

        // A chunked upload over the route's 8-byte limit.
        c.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "6\r\n123456\r\n6\r\n789012\r\n0\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(413);
      }
      HttpResponse<String> stuck = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(it.uri("/stuck")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(stuck.statusCode()).isEqualTo(503);

      assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage)
          .hasSize(4)
          .anySatisfy(l -> assertThat(l).matches("OPTIONS /todos/1 204 \\d+\\.\\dms "
              + "127\\.0\\.0\\.1:\\d+ id=[0-9a-f]{16}"))
          .anySatisfy(l -> assertThat(l).startsWith("GET /todos/1 200 ").endsWith(" id=edge-7"))
          .anySatisfy(l -> assertThat(l).startsWith("POST /upload 413 "))
          .anySatisfy(l -> assertThat(l).startsWith("GET /stuck 503 "));
      assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
    }
  }
}
