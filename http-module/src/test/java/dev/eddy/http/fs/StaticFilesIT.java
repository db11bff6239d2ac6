package dev.eddy.http.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Server;
import dev.eddy.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Static files over loopback, with the JDK client and raw sockets (for targets it would fix). */
class StaticFilesIT {

  @TempDir
  Path dir;
  Path root;
  Runtime runtime;
  Server server;
  HttpClient client;

  @BeforeEach
  void start() throws Exception {
    root = StaticFilesTest.layout(dir);
    runtime = Runtime.builder().workers(2).build();
    App<Void> app = App.create();
    app.at("/static/*path").serveDir(root);
    app.at("/favicon.ico").serveFile(root.resolve("img/favicon.ico"));
    HttpServerConfig config = HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty()));
    server = app.listen(runtime, new InetSocketAddress("127.0.0.1", 0), config)
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    client = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    server.close();
    runtime.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path))
        .timeout(Duration.ofSeconds(30)); // a stalled answer fails the test, never hangs it
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void servesFilesWithTypesAndValidators() throws Exception {
    HttpResponse<byte[]> r = get("/static/hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("Hello, files!");
    assertThat(r.headers().firstValue("content-type")).hasValue("text/plain;charset=utf-8");
    assertThat(r.headers().firstValue("content-length")).hasValue("13");
    assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
    assertThat(r.headers().firstValue("last-modified"))
        .hasValue(StaticFilesTest.MODIFIED_HTTP);
    assertThat(get("/static/img/logo.png").headers().firstValue("content-type"))
        .hasValue("image/png");
    assertThat(get("/favicon.ico").headers().firstValue("content-type"))
        .hasValue("image/x-icon");
    assertThat(text(get("/static/docs/guide/"))).isEqualTo("<h1>guide</h1>");
    assertThat(get("/static/empty/").statusCode()).isEqualTo(404);
  }

  @Test
  void conditionalRequestsAnswer304() throws Exception {
    String etag = get("/static/hello.txt").headers().firstValue("etag").orElseThrow();
    HttpResponse<byte[]> same = get("/static/hello.txt", "If-None-Match", etag);
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(same.headers().firstValue("etag")).hasValue(etag);
    assertThat(get("/static/hello.txt", "If-None-Match", "\"nope\"").statusCode()).isEqualTo(200);
    assertThat(get("/static/hello.txt", "If-Modified-Since", StaticFilesTest.MODIFIED_HTTP)
        .statusCode()).isEqualTo(304);
    assertThat(get("/static/hello.txt", "If-Modified-Since", "Thu, 29 Feb 2024 00:00:00 GMT")
        .statusCode()).isEqualTo(200);
    assertThat(get("/static/hello.txt", "If-None-Match", "\"nope\"",
        "If-Modified-Since", StaticFilesTest.MODIFIED_HTTP).statusCode()).isEqualTo(200);
  }

  @Test
  void rangesAre206Or416() throws Exception {
    HttpResponse<byte[]> part = get("/static/digits.txt", "Range", "bytes=10-14");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(text(part)).isEqualTo("01234");
    assertThat(part.headers().firstValue("content-range")).hasValue("bytes 10-14/100");
    assertThat(part.headers().firstValue("content-length")).hasValue("5");
    assertThat(text(get("/static/digits.txt", "Range", "bytes=-3"))).isEqualTo("789");
    assertThat(text(get("/static/digits.txt", "Range", "bytes=98-"))).isEqualTo("89");
    HttpResponse<byte[]> none = get("/static/digits.txt", "Range", "bytes=500-");
    assertThat(none.statusCode()).isEqualTo(416);
    assertThat(none.headers().firstValue("content-range")).hasValue("bytes */100");
    HttpResponse<byte[]> several = get("/static/digits.txt", "Range", "bytes=0-1,3-4");
    assertThat(several.statusCode()).isEqualTo(200);
    assertThat(several.body()).hasSize(100);
  }

  @Test
  void aBigFileStreamsByteForByte() throws Exception {
    byte[] big = new byte[5 * 1024 * 1024 + 7];
    new Random(42).nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    HttpResponse<byte[]> r = get("/static/big.bin");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf(big.length));
    assertThat(r.body()).isEqualTo(big);
    HttpResponse<byte[]> tail = get("/static/big.bin", "Range", "bytes=-200000");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(
        java.util.Arrays.copyOfRange(big, big.length - 200000, big.length));
  }

  @Test
  void headSendsTheHeadersOnlyAndKeepsTheConnection() throws Exception {
    byte[] big = new byte[3 * FileBody.CHUNK];
    Files.write(root.resolve("big.bin"), big);
    try (Socket s = socket()) {
      OutputStream out = s.getOutputStream();
      out.write(("HEAD /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /static/hello.txt HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      Map<String, String> head = readHead(in);
      assertThat(head.get(":status")).startsWith("HTTP/1.1 200");
      assertThat(head.get("content-length")).isEqualTo(String.valueOf(big.length));
      Map<String, String> next = readHead(in); // no body bytes in between
      assertThat(next.get(":status")).startsWith("HTTP/1.1 200");
      assertThat(new String(in.readNBytes(13), StandardCharsets.US_ASCII))
          .isEqualTo("Hello, files!");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/static/../secret.txt",
      "/static/%2e%2e/secret.txt",
      "/static/..%2fsecret.txt",
      "/static/%2e%2e%2fsecret.txt",
      "/static/a/../../secret.txt",
      "/static/..\\secret.txt",
      "/static/..%5csecret.txt",
      "/static/hello.txt%00",
      "/static/%00",
      "/static//etc/passwd",
      "//etc/passwd",
      "/static/%2fetc%2fpasswd",
      "/static/.env",
      "/static/.git/config",
      "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  })
  void traversalAttemptsNeverServeOutsideContent(String target) throws Exception {
    String response = rawGet(target);
    assertThat(response).as(target).doesNotStartWith("HTTP/1.1 200")
        .doesNotContain(StaticFilesTest.SECRET).doesNotContain("root:");
    assertThat(response).as(target).matches("(?s)HTTP/1.1 40[04] .*");
  }

  @Test
  void symbolicLinksOutOfTheRootAreNotFollowed() throws Exception {
    assumeTrue(StaticFilesTest.links(dir, root)
        || StaticFilesTest.failInCi("symbolic links are not supported here"),
        "symbolic links are not supported here");
    for (String target : new String[] {"/static/out.txt", "/static/outdir/secret.txt",
        "/static/dotlink.txt"}) {
      String response = rawGet(target);
      assertThat(response).as(target).startsWith("HTTP/1.1 404")
          .doesNotContain(StaticFilesTest.SECRET);
    }
    assertThat(rawGet("/static/in.txt")).startsWith("HTTP/1.1 200").endsWith("Hello, files!");
  }

  // ---- raw sockets ---------------------------------------------------------------------------

  private Socket socket() throws Exception {
    Socket s = new Socket("127.0.0.1", server.localAddress().getPort());
    s.setSoTimeout(10_000);
    return s;
  }

  /** Sends {@code target} as is and reads the whole answer (the request closes). */
  private String rawGet(String target) throws Exception {
    try (Socket s = socket()) {
      s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close"
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** The status line (as {@code :status}) and the header fields, names in lower case. */
  static Map<String, String> readHead(InputStream in) throws Exception {
    Map<String, String> head = new LinkedHashMap<>();
    head.put(":status", readLine(in));
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      head.put(line.substring(0, colon).toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return head;
  }

  static String readLine(InputStream in) throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new java.io.EOFException("connection closed mid-line: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
