package dev.eddy.net.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.net.Connection;
import dev.eddy.net.ConnectionHandler;
import dev.eddy.net.ServerConfig;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Bytes handed to a connection's inbox before its first poll go out before what {@code onOpen}
 * writes directly in that poll (concurrency review Z5). Through the public API nobody holds a
 * connection before its {@code onOpen}, so the test builds one by hand.
 */
class ServerConnectionOrderTest {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  @Test
  void inboxBytesWrittenBeforeTheFirstPollPrecedeTheWritesOfOnOpen() throws Exception {
    ConnectionHandler handler = new ConnectionHandler() {
      @Override
      public void onOpen(Connection connection) {
        connection.write(ByteBuffer.wrap("B".getBytes(US_ASCII))); // direct, on the task
      }

      @Override
      public void onData(Connection connection, ByteBuffer data) {
        data.position(data.limit());
      }
    };
    try (Runtime runtime = Runtime.builder().workers(1).shutdownTimeout(Duration.ofSeconds(5))
            .build();
        ServerSocketChannel listener = ServerSocketChannel.open().bind(LOOPBACK);
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        SocketChannel accepted = listener.accept()) {
      ServerCore core = ServerCore.bind(runtime, LOOPBACK, handler, ServerConfig.load())
          .toCompletableFuture().get(10, SECONDS);
      try {
        accepted.configureBlocking(false);
        ServerConnection connection = Placement.open(runtime, parker ->
            CompletableFuture.completedFuture(new ServerConnection(core, accepted, parker)))
            .toCompletableFuture().get(10, SECONDS);
        connection.write(ByteBuffer.wrap("A".getBytes(US_ASCII))); // not the poller: the inbox
        connection.start(); // the first poll: onOpen writes "B"
        client.socket().setSoTimeout(10_000);
        byte[] got = client.socket().getInputStream().readNBytes(2);
        assertThat(new String(got, US_ASCII)).isEqualTo("AB");
        connection.abort();
      } finally {
        core.abort();
      }
    }
  }
}
