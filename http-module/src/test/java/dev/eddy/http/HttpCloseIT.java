package dev.eddy.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server's close paths against clients that misbehave or merely end early: a peer that never
 * reads cannot stop a shutdown, a half-closed client still gets the answers of asynchronous
 * handlers, and a refused upload is answered without a reset.
 */
class HttpCloseIT {

  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final byte[] BIG = new byte[200_000];

  /** The reference settings with {@code keys} (HOCON) on top. */
  private static HttpServerConfig config(String keys) {
    return HttpServerConfig.from(EddyConfig.load(ConfigFactory.parseString(keys)));
  }

  private static App<Void> app(ItServer[] server) {
    App<Void> app = App.create();
    app.at("/big").get(req -> Response.bytes(BIG, "application/octet-stream"));
    app.at("/slow").get(req -> server[0].runtime.timer().sleep(Duration.ofMillis(200))
        .thenApply(v -> "slow"));
    app.at("/upload").post(req -> req.bodyBytes().thenApply(b -> "got " + b.length));
    return app;
  }

  /**
   * A client with a 4 KiB receive window that pipelines requests for far more than the socket
   * buffers hold and never reads: its responses stay queued in the server.
   */
  private static Socket nonReadingClient(int port) throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".repeat(600)
        .getBytes(ISO_8859_1));
    return s;
  }

  /** No TCP deadline of its own cuts the stuck connection: only the shutdown deadline may. */
  private static final String STUCK = "eddy.net.send-buffer-size = 8192\n"
      + "eddy.net.server { write-timeout = 0s, close-timeout = 0s }\n";

  @Test
  void shutdownEndsByItsDeadlineWhileAPeerDoesNotRead() throws Exception {
    ItServer[] holder = new ItServer[1];
    try (ItServer it = new ItServer(app(holder), config(STUCK))) {
      holder[0] = it;
      try (Socket client = nonReadingClient(it.port())) {
        awaitFirstResponseByte(client); // a response is being written, and sticks
        it.server.shutdown(Duration.ofSeconds(1)).toCompletableFuture()
            .get(10, TimeUnit.SECONDS); // without an abort at the deadline: never completes
      }
    }
  }

  @Test
  void aBodyStillArrivingWhenTheShutdownBeginsIsReadAndAnswered() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    App<Void> app = App.create();
    app.at("/upload").post(req -> {
      started.countDown();
      return req.bodyBytes().thenApply(b -> "got " + b.length);
    });
    try (ItServer it = new ItServer(app, ItServer.config(c -> c))) {
      try (Socket s = new Socket("127.0.0.1", it.port())) {
        s.setSoTimeout(RawClient.READ_DEADLINE_MS);
        OutputStream out = s.getOutputStream();
        out.write("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345"
            .getBytes(ISO_8859_1));
        out.flush();
        assertThat(started.await(10, TimeUnit.SECONDS)).as("the upload reached its handler")
            .isTrue();
        var shutdown = it.server.shutdown(Duration.ofSeconds(20)).toCompletableFuture();
        out.write("67890".getBytes(ISO_8859_1));
        // Once, parsing stopped with the shutdown, so the rest of the body was never read and
        // the handler waited for body-read-timeout (30 s), past the 10 s read deadline here.
        String all = new String(s.getInputStream().readAllBytes(), ISO_8859_1);
        assertThat(all).startsWith("HTTP/1.1 200 ").contains("Connection: close")
            .endsWith("got 10");
        shutdown.get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Reads the first byte of the first response (bounded by the socket timeout). */
  private static void awaitFirstResponseByte(Socket client) throws Exception {
    client.setSoTimeout(RawClient.READ_DEADLINE_MS);
    assertThat(client.getInputStream().read()).as("first byte of a response").isEqualTo('H');
  }

  @Test
  void abortEndsAtOnceWhileAPeerDoesNotRead() throws Exception {
    ItServer[] holder = new ItServer[1];
    try (ItServer it = new ItServer(app(holder), config(STUCK))) {
      holder[0] = it;
      try (Socket client = nonReadingClient(it.port())) {
        awaitFirstResponseByte(client);
        it.server.close(); // graceful: cannot finish, nothing is read and no TCP deadline is set
        assertThat(it.server.whenTerminated().toCompletableFuture()).isNotDone();
        it.server.abort();
        it.server.whenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aHalfClosedClientGetsTheAnswersOfAnAsynchronousHandler() throws Exception {
    ItServer[] holder = new ItServer[1];
    try (ItServer it = new ItServer(app(holder), ItServer.config(c -> c))) {
      holder[0] = it;
      try (Socket s = new Socket("127.0.0.1", it.port())) {
        s.setSoTimeout(RawClient.READ_DEADLINE_MS);
        // Two pipelined requests, then our FIN: both are answered, then the server closes.
        s.getOutputStream().write(("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n".repeat(2))
            .getBytes(ISO_8859_1));
        s.shutdownOutput();
        String all = new String(s.getInputStream().readAllBytes(), ISO_8859_1);
        assertThat(all.split("HTTP/1.1 200 ", -1)).as("responses in %s", all).hasSize(3);
        assertThat(all).endsWith("slow");
      }
    }
  }

  @Test
  void aRefusedUploadIsAnsweredWithoutResettingTheUpload() throws Exception {
    ItServer[] holder = new ItServer[1];
    // Default settings: max-body-size is 10 MiB, so a declared 20 MB body gets a 413 at once.
    try (ItServer it = new ItServer(app(holder), ItServer.config(c -> c))) {
      holder[0] = it;
      assertTimeoutPreemptively(LIMIT, () -> {
        try (Socket s = new Socket("127.0.0.1", it.port())) {
          s.setSoTimeout(RawClient.READ_DEADLINE_MS);
          int size = 20_000_000;
          OutputStream out = s.getOutputStream();
          out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + size
              + "\r\n\r\n").getBytes(ISO_8859_1));
          byte[] chunk = new byte[64 << 10];
          // The whole upload first, reading nothing, as many clients do; without a lingering
          // close this write fails with "Connection reset" or "Broken pipe" after a few MB.
          for (int sent = 0; sent < size; sent += chunk.length) {
            out.write(chunk, 0, Math.min(chunk.length, size - sent));
          }
          String reply = new String(s.getInputStream().readAllBytes(), ISO_8859_1);
          assertThat(reply).startsWith("HTTP/1.1 413 ");
        }
      });
    }
  }
}
