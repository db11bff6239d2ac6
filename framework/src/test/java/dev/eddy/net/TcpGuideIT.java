package dev.eddy.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.runtime.Runtime;
import dev.eddy.time.TimeoutExceededException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The code snippets of docs/tcp.md, compiled and run over loopback. When a snippet changes there,
 * change it here (and the other way round): the text between the {@code // doc:} markers is what
 * the page shows.
 */
class TcpGuideIT {

  // doc:echo-loop
  static void acceptLoop(TcpListener listener) {
    listener.accept().whenComplete((stream, failure) -> {
      if (failure == null) {                        // null once the listener is closed
        echo(stream, ByteBuffer.allocate(1024));    // serve this connection...
        acceptLoop(listener);                        // ...and wait for the next one
      }
    });
  }

  static void echo(TcpStream stream, ByteBuffer buffer) {
    buffer.clear();
    stream.read(buffer).whenComplete((n, failure) -> {
      if (failure != null || n < 0) {               // reset, or end of stream
        stream.close();
        return;
      }
      buffer.flip();
      stream.writeAll(buffer).whenComplete((written, writeFailure) -> {
        if (writeFailure == null) {
          echo(stream, buffer);                      // next round, same buffer
        } else {
          stream.close();
        }
      });
    });
  }
  // doc:end

  @Test
  void echoServerAndClient() throws Exception {
    byte[] reply;
    try (Runtime runtime = Runtime.builder().workers(2).build()) {
      // doc:echo-server
      TcpListener listener = runtime.blockOn(() ->
          TcpListener.bind(runtime, new InetSocketAddress("127.0.0.1", 0)));   // port 0: any
      runtime.spawn(() -> acceptLoop(listener));     // the loop runs on the workers
      // doc:end
      InetSocketAddress address = listener.localAddress();
      // doc:client
      reply = runtime.blockOn(() -> TcpStream.connect(runtime, address)
          .thenCompose(stream -> stream.writeAll(ByteBuffer.wrap("ping".getBytes(US_ASCII)))
              .thenCompose(written -> {
                ByteBuffer in = ByteBuffer.allocate(4);
                return stream.readExact(in).thenApply(full -> in.array());
              })
              .whenComplete((bytes, failure) -> stream.close())));
      // doc:end
      listener.close();
    }
    assertThat(new String(reply, US_ASCII)).isEqualTo("ping");
  }

  @Test
  void timeouts() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(2).build();
        TcpListener listener = runtime.blockOn(() ->
            TcpListener.bind(runtime, new InetSocketAddress("127.0.0.1", 0)))) {
      InetSocketAddress address = listener.localAddress();
      CompletionStage<Integer> read;
      // doc:timeouts
      NetConfig config = NetConfig.load()                  // eddy.net, then changed in code
          .withConnectTimeout(Duration.ofSeconds(2))
          .withReadTimeout(Duration.ofSeconds(30));
      TcpStream stream = runtime.blockOn(() -> TcpStream.connect(runtime, address, config));
      stream.setReadTimeout(Duration.ofMillis(50));        // this stream, from now on
      read = stream.read(ByteBuffer.allocate(64));         // nobody writes: fails after 50 ms
      // doc:end
      try (stream) {
        assertThatThrownBy(() -> read.toCompletableFuture().get(10, SECONDS))
            .hasCauseInstanceOf(TimeoutExceededException.class)
            .hasMessageContaining("read from").hasMessageContaining("timed out after");
      }
    }
  }
}
