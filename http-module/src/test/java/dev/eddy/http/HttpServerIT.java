package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.runtime.Runtime;
import dev.eddy.sync.Channel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server over loopback: the JDK client and raw sockets against a small app. */
class HttpServerIT {

  private Runtime runtime;
  private Server server;
  private HttpClient client;
  private final CountDownLatch slowStarted = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    runtime = Runtime.builder().workers(2).build();
    App<Void> app = App.create();
    app.at("/plaintext").get(req -> "Hello, World!");
    app.at("/echo").post(req -> req.bodyBytes().thenApply(b -> Response.bytes(b,
        req.header("Content-Type") == null ? "application/octet-stream"
            : req.header("Content-Type"))));
    app.at("/hello/:name").get(req -> "Hello, " + req.param("name"));
    app.at("/stream").get(req -> {
      Channel<ByteBuffer> ch = Channel.bounded(2);
      runtime.spawnAsync(() -> ch.send(ByteBuffer.wrap("one,".getBytes()))
          .thenCompose(v -> ch.send(ByteBuffer.wrap("two".getBytes())))
          .thenRun(ch::close));
      return Response.stream(Body.from(ch), "text/plain");
    });
    app.at("/slow").get(req -> {
      slowStarted.countDown();
      return runtime.timer().sleep(Duration.ofMillis(200)).thenApply(v -> "slow");
    });
    HttpServerConfig config = HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()))
        .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(30));
    server = app.listen(runtime, new InetSocketAddress("127.0.0.1", 0), config)
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    client = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    server.close();
    runtime.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path);
  }

  @Test
  void answersWithTheJdkClient() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/plaintext")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("Hello, World!");
    assertThat(r.headers().firstValue("content-type")).hasValue("text/plain;charset=utf-8");
    assertThat(r.headers().firstValue("date")).isPresent();
    assertThat(r.headers().firstValue("server")).hasValue("eddy");

    HttpResponse<String> echoed = client.send(HttpRequest.newBuilder(uri("/echo"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("ping")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(echoed.body()).isEqualTo("ping");
    assertThat(client.send(HttpRequest.newBuilder(uri("/nope")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
  }

  @Test
  void streamsAChunkedResponse() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/stream")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("one,two");
  }

  @Test
  void answersPipelinedRequestsInOrderOnOneConnection() throws Exception {
    try (Socket s = socket()) {
      String one = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
      String two = "GET /hello/b HTTP/1.1\r\nHost: x\r\n\r\n";
      String three = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
      s.getOutputStream().write((one + two + three).getBytes(StandardCharsets.US_ASCII));
      String got = readResponses(s.getInputStream(), 3);
      assertThat(got.indexOf("slow")).isLessThan(got.indexOf("Hello, b"));
      assertThat(got.indexOf("Hello, b")).isLessThan(got.indexOf("abc"));
    }
  }

  @Test
  void readsAChunkedRequestAndAnswersContinue() throws Exception {
    try (Socket s = socket()) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(readLine(in)).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(readLine(in)).isEmpty();
      out.write("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponses(in, 1)).contains("Content-Length: 5").endsWith("abcde");
    }
  }

  @Test
  void malformedRequestGets400AndTheConnectionCloses() throws Exception {
    try (Socket s = socket()) {
      s.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost : x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(all).startsWith("HTTP/1.1 400 ").contains("Connection: close");
    }
  }

  @Test
  void aTricklingHeadIsCutOffWith408() throws Exception {
    try (Socket s = socket()) {
      s.getOutputStream().write("GET /plaintext HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(all).startsWith("HTTP/1.1 408 ");
    }
  }

  @Test
  void headGetsHeadersWithoutBody() throws Exception {
    try (Socket s = socket()) {
      s.getOutputStream().write(("HEAD /plaintext HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /hello/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(all).contains("Content-Length: 13").doesNotContain("Hello, World!")
          .endsWith("Hello, x");
    }
  }

  @Test
  void gracefulShutdownFinishesTheRequestInFlight() throws Exception {
    try (Socket s = socket()) {
      s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
      var stopped = server.shutdown(Duration.ofSeconds(5)).toCompletableFuture();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(all).startsWith("HTTP/1.1 200 ").contains("Connection: close").endsWith("slow");
      stopped.get(5, TimeUnit.SECONDS);
    }
  }

  private Socket socket() throws Exception {
    Socket s = new Socket("127.0.0.1", server.localAddress().getPort());
    s.setSoTimeout(10_000);
    return s;
  }

  private static String readLine(InputStream in) throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        break;
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  /** Reads {@code n} responses with Content-Length bodies; returns them as text. */
  private static String readResponses(InputStream in, int n) throws Exception {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int length = 0;
      String line;
      while (!(line = readLine(in)).isEmpty()) {
        all.append(line).append("\r\n");
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      all.append("\r\n").append(new String(in.readNBytes(length), StandardCharsets.US_ASCII));
    }
    return all.toString();
  }
}
