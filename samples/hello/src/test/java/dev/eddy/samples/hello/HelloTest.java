package dev.eddy.samples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.http.App;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HelloTest {

  private final App<Void> app = Hello.app();

  private Response call(Request.Builder request) throws Exception {
    return app.handle(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void answersEveryRoute() throws Exception {
    assertThat(call(Request.get("/")).bodyString()).startsWith("Hello from Eddy!");
    Response plain = call(Request.get("/plaintext"));
    assertThat(plain.bodyString()).isEqualTo("Hello, World!");
    assertThat(plain.header("Content-Type")).startsWith("text/plain");
    Response json = call(Request.get("/json"));
    assertThat(json.bodyString()).isEqualTo("{\"message\":\"Hello, World!\"}");
    assertThat(json.header("Content-Type")).isEqualTo("application/json");
    Response echo = call(Request.post("/echo").body("hi").header("Content-Type", "text/x"));
    assertThat(echo.bodyString()).isEqualTo("hi");
    assertThat(echo.header("Content-Type")).isEqualTo("text/x");
    assertThat(call(Request.get("/hello/ada")).bodyString()).isEqualTo("Hello, ada!\n");
    assertThat(call(Request.get("/nothing")).status()).isEqualTo(404);
  }

  @Test
  void servesOverHttp() throws Exception {
    Server server = app.listen("127.0.0.1:0").toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"message\":\"Hello, World!\"}");
    } finally {
      server.shutdown(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
