package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A big streamed response followed by a pipelined request: the stream is sent once, in full,
 * and the next response follows it. Both failed once: the stream stalled when the connection
 * drained below its high-water mark between two looks of its task, and a finished stream's
 * exchange was answered a second time.
 */
class StreamedResponseIT {

  private static final long SIZE = 16L << 20;

  /** {@code size} zero bytes in 64 KiB pieces, each ready at once. */
  private static Body zeros(long size) {
    return new Body() {
      private long left = size;

      @Override
      public CompletionStage<Optional<ByteBuffer>> read() {
        if (left == 0) {
          return CompletableFuture.completedStage(Optional.empty());
        }
        int n = (int) Math.min(64 << 10, left);
        left -= n;
        return CompletableFuture.completedStage(Optional.of(ByteBuffer.allocate(n)));
      }

      @Override
      public long length() {
        return -1;
      }
    };
  }

  @Test
  void aStreamedResponseIsSentOnceThenThePipelinedNextOne() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(2).build()) {
      App<Void> app = App.create();
      app.at("/big").get(req -> Response.stream(zeros(SIZE), "application/octet-stream"));
      app.at("/small").get(req -> "small");
      Server server = app.listen(runtime, new InetSocketAddress("127.0.0.1", 0),
              HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty())))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
        s.setSoTimeout(20_000);
        s.getOutputStream().write(("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        byte[] all = s.getInputStream().readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        assertThat(text.split("HTTP/1.1 200 OK", -1)).as("two responses").hasSize(3);
        assertThat(text).endsWith("\r\n0\r\n\r\n" + text.substring(text.lastIndexOf("HTTP/1.1")))
            .endsWith("small");
        long zeros = text.chars().filter(c -> c == 0).count();
        assertThat(zeros).isEqualTo(SIZE);
      } finally {
        server.close();
      }
    }
  }
}
