package dev.eddy.net;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A writer on a thread of its own (not the connection's task) that stops when {@code write}
 * returns {@code false} must always get its {@code onWritable}: the flag it leaves and the
 * queue the task drains form a Dekker pair, so no interleaving loses the wake-up (concurrency
 * review D7). The peer reads at full speed and there is no idle timeout, so a lost wake-up
 * stalls the writer for good.
 */
class TcpWritableStressIT {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final int ROUNDS = 20_000;
  private static final int CHUNK = 64 << 10;

  @Test
  void anOutsideWriterAlwaysGetsOnWritable() throws Exception {
    Semaphore writable = new Semaphore(0);
    CompletableFuture<Connection> opened = new CompletableFuture<>();
    ConnectionHandler handler = new ConnectionHandler() {
      @Override
      public void onOpen(Connection connection) {
        opened.complete(connection);
      }

      @Override
      public void onData(Connection connection, ByteBuffer data) {
        data.position(data.limit());
      }

      @Override
      public void onWritable(Connection connection) {
        writable.release();
      }
    };
    try (Runtime runtime = Runtime.builder().workers(2).shutdownTimeout(Duration.ofSeconds(5))
            .build();
        TcpServer server = TcpServer.bind(runtime, LOOPBACK, handler,
            ServerConfig.load().withIdleTimeout(Duration.ZERO)).toCompletableFuture()
            .get(10, SECONDS);
        Socket client = EchoClient.connect(server.localAddress())) {
      AtomicLong received = new AtomicLong();
      CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> drain(client, received));
      Connection connection = opened.get(10, SECONDS);
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
      long sent = 0;
      for (int round = 0; round < ROUNDS; round++) {
        boolean more;
        do {
          chunk.clear();
          more = connection.write(chunk);
          sent += CHUNK;
        } while (more);
        assertThat(writable.tryAcquire(5, SECONDS))
            .as("onWritable after write returned false, round %d of %d", round, ROUNDS)
            .isTrue();
        writable.drainPermits(); // a second onWritable for the same pause is harmless
      }
      long total = sent;
      dev.eddy.runtime.Await.until("the peer received every byte", Duration.ofSeconds(20),
          () -> received.get() == total);
      client.shutdownOutput();
      reader.get(20, SECONDS);
    }
  }

  /** Reads until the end of stream, counting. */
  private static void drain(Socket socket, AtomicLong received) {
    byte[] buf = new byte[256 << 10];
    try {
      InputStream in = socket.getInputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        received.addAndGet(n);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
