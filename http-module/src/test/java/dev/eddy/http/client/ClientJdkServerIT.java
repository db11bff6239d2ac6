package dev.eddy.http.client;

import static dev.eddy.http.client.ClientEddyServerIT.BIG;
import static dev.eddy.http.client.ClientEddyServerIT.drain;
import static dev.eddy.http.client.ClientEddyServerIT.generated;
import static dev.eddy.http.client.ClientEddyServerIT.get;
import static dev.eddy.http.client.ClientEddyServerIT.sized;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eddy.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against the JDK's own HTTP server (one we did not write) over loopback. */
class ClientJdkServerIT {

  private HttpServer server;
  private ExecutorService pool;
  private Runtime runtime;
  private Client client;
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.createContext("/echo", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      String reply = ex.getRequestMethod() + ":" + new String(body, StandardCharsets.UTF_8)
          + ":" + ex.getRequestHeaders().getFirst("Transfer-Encoding");
      send(ex, 200, reply.getBytes(StandardCharsets.UTF_8), false);
    });
    server.createContext("/chunked", ex -> send(ex, 200, "in chunks".getBytes(), true));
    server.createContext("/count", ex -> {
      long n = 0;
      byte[] buf = new byte[1 << 16];
      try (InputStream in = ex.getRequestBody()) {
        for (int k; (k = in.read(buf)) > 0; ) {
          n += k;
        }
      }
      send(ex, 200, String.valueOf(n).getBytes(), false);
    });
    server.createContext("/big", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
      ex.sendResponseHeaders(200, BIG);
      byte[] piece = new byte[1 << 16];
      try (OutputStream out = ex.getResponseBody()) {
        for (long left = BIG; left > 0; left -= piece.length) {
          out.write(piece, 0, (int) Math.min(piece.length, left));
        }
      }
    });
    server.createContext("/empty", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    runtime = Runtime.builder().workers(2).build();
    client = Client.builder().runtime(runtime)
        .baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
  }

  private void send(HttpExchange ex, int status, byte[] body, boolean chunked) throws IOException {
    clientPorts.add(ex.getRemoteAddress().getPort());
    ex.sendResponseHeaders(status, chunked ? 0 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @AfterEach
  void stop() {
    client.close();
    runtime.close();
    server.stop(0);
    pool.shutdownNow();
  }

  @Test
  void sendsEveryMethodWithBothFramingsAndReadsBoth() throws Exception {
    assertThat(get(client.post("/echo").body("fixed").recvString())).isEqualTo("POST:fixed:null");
    assertThat(get(client.put("/echo").body(generated(10)).recvString()))
        .isEqualTo("PUT:" + "\0".repeat(10) + ":chunked");
    assertThat(get(client.patch("/echo").body("p").recvString())).isEqualTo("PATCH:p:null");
    assertThat(get(client.delete("/echo").recvString())).isEqualTo("DELETE::null");
    assertThat(get(client.get("/echo").recvString())).isEqualTo("GET::null");
    assertThat(get(client.get("/chunked").recvString())).isEqualTo("in chunks");
    ClientResponse empty = get(client.get("/empty").send());
    assertThat(empty.status()).isEqualTo(204);
    assertThat(get(empty.bodyBytes())).isEmpty();
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void expectContinueSendsTheBodyAfterTheInterimResponse() throws Exception {
    assertThat(get(client.post("/echo").body("after 100").expectContinue().recvString()))
        .isEqualTo("POST:after 100:null");
    assertThat(get(client.post("/echo").body(generated(5)).expectContinue().recvString()))
        .isEqualTo("POST:" + "\0".repeat(5) + ":chunked");
  }

  @Test
  void streamsA64MiBResponseInBoundedPieces() throws Exception {
    AtomicLong total = new AtomicLong();
    AtomicLong largest = new AtomicLong();
    ClientResponse big = get(client.get("/big").send());
    assertThat(big.body().length()).isEqualTo(BIG);
    get(drain(big.body(), total, largest));
    assertThat(total.get()).isEqualTo(BIG);
    assertThat(largest.get()).isLessThanOrEqualTo(client.config().bufferSize());

  }

  /**
   * Uploads of {@link #UPLOAD} bytes, each on its own connection. A body whose pieces and writes
   * complete at once once overflowed the stack in a chain of callbacks (sending from the test
   * thread, with no cooperative budget to cut it) and stalled mid-body; the pump is a loop now.
   */
  @Test
  void uploadsByLength() throws Exception {
    assertThat(get(client.post("/count").body(sized(generated(UPLOAD), UPLOAD)).recvString()))
        .isEqualTo(String.valueOf(UPLOAD));
  }

  @Test
  void uploadsChunked() throws Exception {
    assertThat(get(client.post("/count").body(generated(UPLOAD)).recvString()))
        .isEqualTo(String.valueOf(UPLOAD));
  }

  private static final long UPLOAD = 64L << 20;

  @Test
  void refusesToBufferMoreThanMaxBodySize() throws Exception {
    try (Client small = Client.builder().runtime(runtime).config(client.config()
        .withResponseLimits(8192, 65536, 100, 1 << 20)).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(small.get(
          "http://127.0.0.1:" + server.getAddress().getPort() + "/big").recvBytes()))
          .cause().isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("max-body-size");
    }
  }
}
