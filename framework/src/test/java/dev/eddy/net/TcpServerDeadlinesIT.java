package dev.eddy.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.runtime.Await;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TimeoutExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What bounds a push-style connection whatever its peer does: the write (progress) timeout, the
 * close deadline, the server's abort, lingering after a close, a half-closed peer still getting
 * its reply, and the limits of what other threads may queue.
 */
class TcpServerDeadlinesIT {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final Duration LIMIT = Duration.ofSeconds(20);
  /** Small socket buffers, so that a peer that does not read stalls the server within KiBs. */
  private static final String SMALL_BUFFERS =
      "eddy.net { receive-buffer-size = 16384, send-buffer-size = 16384 }\n";

  private Runtime runtime;
  private TcpServer server;

  @BeforeEach
  void startRuntime() {
    runtime = Runtime.builder().workers(2).shutdownTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.abort();
    }
    runtime.close();
  }

  /** The settings of this process with {@code keys} on top (HOCON). */
  private static ServerConfig config(String keys) {
    return ServerConfig.from(EddyConfig.load(ConfigFactory.parseString(keys)));
  }

  private TcpServer start(ConnectionHandler handler, ServerConfig config) throws Exception {
    server = TcpServer.bind(runtime, LOOPBACK, handler, config).toCompletableFuture()
        .get(10, SECONDS);
    return server;
  }

  /** Remembers its connection and how it closed. */
  private static class Watcher implements ConnectionHandler {
    final CompletableFuture<Connection> opened = new CompletableFuture<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public void onOpen(Connection connection) {
      opened.complete(connection);
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
      data.position(data.limit());
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
      closed.complete(cause);
    }

    Connection connection() throws Exception {
      return opened.get(LIMIT.toSeconds(), SECONDS);
    }

    Throwable awaitClose() throws Exception {
      return closed.get(LIMIT.toSeconds(), SECONDS);
    }
  }

  /** Writes 4 MiB at once, whatever write says: far more than the socket buffers take. */
  private static class Flooder extends Watcher {
    final boolean closeAfter;

    Flooder(boolean closeAfter) {
      this.closeAfter = closeAfter;
    }

    @Override
    public void onOpen(Connection connection) {
      connection.write(ByteBuffer.allocate(4 << 20));
      if (closeAfter) {
        connection.close();
      }
      super.onOpen(connection);
    }
  }

  // ---- a peer that does not read -----------------------------------------------------------

  @Test
  void aPeerThatStopsReadingIsAbortedAfterTheWriteTimeout() throws Exception {
    Flooder handler = new Flooder(false);
    start(handler, config(SMALL_BUFFERS + "eddy.net.server { write-timeout = 1s, "
        + "close-timeout = 0s }"));
    try (Socket client = TcpServerIT.smallWindowClient(server.localAddress())) {
      assertThat(handler.awaitClose())
          .isInstanceOf(TimeoutExceededException.class)
          .hasMessageContaining("write-timeout");
      Await.until("the connection is gone", LIMIT, () -> server.connectionCount() == 0);
    }
  }

  @Test
  void aGracefulCloseOfAPeerThatDoesNotReadEndsAtTheCloseTimeout() throws Exception {
    Flooder handler = new Flooder(true);
    start(handler, config(SMALL_BUFFERS + "eddy.net.server { write-timeout = 0s, "
        + "close-timeout = 1s }"));
    try (Socket client = TcpServerIT.smallWindowClient(server.localAddress())) {
      assertThat(handler.awaitClose())
          .isInstanceOf(TimeoutExceededException.class)
          .hasMessageContaining("close-timeout");
    }
  }

  @Test
  void abortEndsTheServerWhileAPeerDoesNotRead() throws Exception {
    Flooder handler = new Flooder(false);
    start(handler, config(SMALL_BUFFERS + "eddy.net.server { write-timeout = 0s, "
        + "close-timeout = 0s }"));
    try (Socket client = TcpServerIT.smallWindowClient(server.localAddress())) {
      handler.connection();
      server.close(); // graceful: never ends, the peer does not read and nothing times out
      CompletableFuture<Void> closed = server.whenClosed().toCompletableFuture();
      assertThat(closed).isNotDone();
      server.abort();
      closed.get(LIMIT.toSeconds(), SECONDS);
      assertThat(handler.awaitClose()).isNull();
    }
  }

  // ---- half-close ----------------------------------------------------------------------------

  @Test
  void aReplyProducedAfterThePeersHalfCloseIsStillSent() throws Exception {
    AtomicInteger inputShutdowns = new AtomicInteger();
    ConnectionHandler handler = new ConnectionHandler() {
      @Override
      public void onData(Connection connection, ByteBuffer data) {
        data.position(data.limit());
        // Answer later, from the timer thread, as an asynchronous handler does.
        runtime.timer().schedule(Duration.ofMillis(200), () -> {
          connection.write(ByteBuffer.wrap("pong".getBytes(US_ASCII)));
          connection.close();
        });
      }

      @Override
      public void onInputShutdown(Connection connection) {
        inputShutdowns.incrementAndGet(); // keep the connection: the reply is on its way
      }
    };
    start(handler, config(""));
    try (Socket client = EchoClient.connect(server.localAddress())) {
      client.getOutputStream().write("ping".getBytes(US_ASCII));
      client.shutdownOutput();
      assertThat(new String(EchoClient.readToEnd(client), US_ASCII)).isEqualTo("pong");
    }
    assertThat(inputShutdowns).hasValue(1);
  }

  // ---- lingering close ------------------------------------------------------------------------

  /** Answers "NO\n" to the first bytes and closes, as a server refusing an upload does. */
  private static class Refuser extends Watcher {
    @Override
    public void onData(Connection connection, ByteBuffer data) {
      data.position(data.limit());
      connection.write(ByteBuffer.wrap("NO\n".getBytes(US_ASCII)));
      connection.close();
    }
  }

  @Test
  void aPeerStillUploadingAtTheCloseFinishesItsUploadAndReadsTheReply() throws Exception {
    Refuser handler = new Refuser();
    start(handler, config("eddy.net.server { linger-timeout = 20s, linger-max-bytes = 64MiB }"));
    assertTimeoutPreemptively(LIMIT, () -> {
      try (Socket client = EchoClient.connect(server.localAddress())) {
        OutputStream out = client.getOutputStream();
        byte[] chunk = new byte[64 << 10];
        for (int i = 0; i < 320; i++) { // 20 MiB, written before anything is read
          out.write(chunk); // without lingering: "Connection reset" or "Broken pipe" here
        }
        assertThat(new String(EchoClient.readToEnd(client), US_ASCII)).isEqualTo("NO\n");
      }
    });
    assertThat(handler.awaitClose()).isNull();
  }

  @Test
  void aPeerThatPausesBeforeTheRestOfItsUploadStillFinishesIt() throws Exception {
    Refuser handler = new Refuser();
    start(handler, config("eddy.net.server { linger-timeout = 20s }"));
    assertTimeoutPreemptively(LIMIT, () -> {
      try (Socket client = EchoClient.connect(server.localAddress())) {
        OutputStream out = client.getOutputStream();
        out.write(new byte[100]);
        // The reply is here, so the server has closed; nothing more was on its way yet. Once,
        // "nothing since the close" meant the peer was done and the socket was closed at once,
        // so the rest of this upload met a reset (HttpCloseIT's refused upload, now and then).
        InputStream in = client.getInputStream();
        byte[] reply = new byte[3];
        for (int at = 0; at < reply.length; ) {
          int n = in.read(reply, at, reply.length - at);
          assertThat(n).as("reply bytes").isPositive();
          at += n;
        }
        assertThat(new String(reply, US_ASCII)).isEqualTo("NO\n");
        byte[] chunk = new byte[64 << 10];
        for (int i = 0; i < 32; i++) { // 2 MiB more, after the reply
          out.write(chunk);
        }
        client.shutdownOutput();
        assertThat(in.read()).as("the end of the server's stream").isEqualTo(-1);
      }
    });
    assertThat(handler.awaitClose()).isNull();
  }

  @Test
  void lingeringEndsAtTheLingerTimeoutForAPeerThatNeverCloses() throws Exception {
    Refuser handler = new Refuser();
    start(handler, config("eddy.net.server { linger-timeout = 500ms }"));
    assertTimeoutPreemptively(LIMIT, () -> {
      try (Socket client = EchoClient.connect(server.localAddress())) {
        client.getOutputStream().write(new byte[1 << 20]); // more than one read takes
        // The reply, then the end of stream: the server closes although we never close.
        assertThat(new String(EchoClient.readToEnd(client), US_ASCII)).isEqualTo("NO\n");
        handler.awaitClose();
      }
    });
  }

  // ---- what other threads may queue -----------------------------------------------------------

  /** Holds {@code connection}'s task in an action until the returned latch is counted down. */
  private static CountDownLatch blockTask(Connection connection) throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    connection.execute(() -> {
      running.countDown();
      try {
        release.await(LIMIT.toSeconds(), SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(running.await(LIMIT.toSeconds(), SECONDS)).as("the action runs").isTrue();
    return release;
  }

  @Test
  void aWriteFromAnotherThreadPastMaxQueuedBytesIsRefusedAndAborts() throws Exception {
    Watcher handler = new Watcher();
    ServerConfig config = config(SMALL_BUFFERS + "eddy.net.server.max-queued-bytes = 1MiB");
    start(handler, config);
    try (Socket client = TcpServerIT.smallWindowClient(server.localAddress())) {
      Connection connection = handler.connection();
      CountDownLatch release = blockTask(connection); // the task cannot look at its queue now
      AtomicLong most = new AtomicLong();
      for (int i = 0; i < 32; i++) { // 2 MiB, ignoring write's false
        connection.write(ByteBuffer.allocate(64 << 10));
        most.accumulateAndGet(connection.queuedBytes(), Math::max);
      }
      release.countDown();
      assertThat(most.get()).isLessThanOrEqualTo(config.maxQueuedBytes());
      assertThat(handler.awaitClose())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("max-queued-bytes");
    }
  }

  @Test
  void moreQueuedActionsThanTheLimitAbortTheConnection() throws Exception {
    Watcher handler = new Watcher();
    start(handler, config("eddy.net.server.max-queued-actions = 100"));
    try (Socket client = EchoClient.connect(server.localAddress())) {
      Connection connection = handler.connection();
      CountDownLatch release = blockTask(connection);
      AtomicInteger ran = new AtomicInteger();
      for (int i = 0; i < 200; i++) {
        connection.execute(ran::incrementAndGet);
      }
      release.countDown();
      assertThat(handler.awaitClose())
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("max-queued-actions");
      assertThat(ran.get()).isLessThanOrEqualTo(100);
    }
  }
}
