package dev.eddy.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.runtime.Runtime;
import dev.eddy.time.TimeoutExceededException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code snippets of docs/tcp.md, compiled and run over loopback. When a snippet changes there,
 * change it here (and the other way round): the text between the {@code // doc:} markers is what
 * the page shows.
 */
class TcpGuideIT {

  private static final Logger log = LoggerFactory.getLogger(TcpGuideIT.class);

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

  // doc:echo-until-end
  static void echo(TcpStream stream, ByteBuffer buffer, CompletableFuture<Void> done) {
    buffer.clear();
    stream.read(buffer).whenComplete((n, failure) -> {
      if (failure != null) {
        done.completeExceptionally(failure);       // reset: incoming() logs it, closes
      } else if (n < 0) {
        done.complete(null);                       // end of stream
      } else {
        buffer.flip();
        stream.writeAll(buffer).whenComplete((written, writeFailure) -> {
          if (writeFailure != null) {
            done.completeExceptionally(writeFailure);
          } else {
            echo(stream, buffer, done);            // next round, same buffer
          }
        });
      }
    });
  }
  // doc:end

  @Test
  void incomingServesEachConnectionAsATask() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(2).build()) {
      // doc:incoming
      TcpListener listener = runtime.blockOn(() ->
          TcpListener.bind(runtime, new InetSocketAddress("127.0.0.1", 0)));
      CompletionStage<Void> loop = listener.incoming(stream -> {   // a task per connection
        CompletableFuture<Void> done = new CompletableFuture<>();
        echo(stream, ByteBuffer.allocate(1024), done);
        return done;                       // when it completes, incoming() closes the stream
      });
      // doc:end
      try (Socket client = EchoClient.connect(listener.localAddress())) {
        EchoClient.smallRoundTrip(client, "ping".getBytes(US_ASCII));
      }
      listener.close();
      assertThat(loop.toCompletableFuture().get(10, SECONDS)).isNull();
    }
  }

  // doc:push-handler
  static final class Echo implements ConnectionHandler {
    @Override
    public void onOpen(Connection connection) {
      log.info("Accepted {}", connection.remoteAddress());
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
      connection.write(data);                      // sent now, or queued
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
      log.info("Closed {} ({})", connection.remoteAddress(), cause == null ? "clean" : cause);
    }
  }
  // doc:end

  // doc:push-producer
  /** Sends {@code total} zero bytes to each peer, then closes; respects backpressure. */
  static final class Zeros implements ConnectionHandler {
    private final long total;

    Zeros(long total) {
      this.total = total;
    }

    @Override
    public void onOpen(Connection connection) {
      connection.attach(new long[] {total});       // bytes still to send, per connection
      pump(connection);
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {}   // input is ignored

    @Override
    public void onWritable(Connection connection) {
      pump(connection);                            // drained below the low-water mark
    }

    private static void pump(Connection connection) {
      long[] left = (long[]) connection.attachment();
      while (left[0] > 0) {
        int n = (int) Math.min(left[0], 8192);
        left[0] -= n;
        if (!connection.write(ByteBuffer.allocate(n))) {
          return;                                  // above the high-water mark: wait
        }
      }
      connection.close();                          // sends what is queued, then closes
    }
  }
  // doc:end

  @Test
  void pushStyleServers() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(2).build()) {
      // doc:push-server
      TcpServer server = runtime.blockOn(() -> TcpServer.bind(runtime,
          new InetSocketAddress("127.0.0.1", 0), new Echo()));
      TcpServer lambda = runtime.blockOn(() -> TcpServer.bind(runtime,
          new InetSocketAddress("127.0.0.1", 0), (connection, data) -> connection.write(data)));
      // doc:end
      ServerConfig config = ServerConfig.load().withWaterMarks(16 << 10, 64 << 10);
      TcpServer zeros = runtime.blockOn(() -> TcpServer.bind(runtime,
          new InetSocketAddress("127.0.0.1", 0), new Zeros(4 << 20), config));
      try (server; lambda; zeros) {
        for (TcpServer echo : new TcpServer[] {server, lambda}) {
          try (Socket client = EchoClient.connect(echo.localAddress())) {
            EchoClient.smallRoundTrip(client, "ping".getBytes(US_ASCII));
          }
        }
        try (Socket client = EchoClient.connect(zeros.localAddress())) {
          byte[] all = EchoClient.readToEnd(client);
          assertThat(all).hasSize(4 << 20).containsOnly(0);
        }
      }
      assertThat(server.whenClosed().toCompletableFuture().get(10, SECONDS)).isNull();
    }
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
