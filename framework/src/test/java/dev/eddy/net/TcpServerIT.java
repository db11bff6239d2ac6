package dev.eddy.net;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.reactor.internal.Reactor;
import dev.eddy.runtime.Await;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TestClock;
import dev.eddy.time.TimeoutExceededException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push-style server over loopback: echo, scale, backpressure, half-close, faults, close. */
class TcpServerIT {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private Runtime runtime;
  private TcpServer server;

  @BeforeEach
  void startRuntime() {
    runtime = Runtime.builder().workers(2).shutdownTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    runtime.close();
  }

  private TcpServer start(ConnectionHandler handler) throws Exception {
    return start(handler, ServerConfig.load());
  }

  private TcpServer start(ConnectionHandler handler, ServerConfig config) throws Exception {
    server = TcpServer.bind(runtime, LOOPBACK, handler, config).toCompletableFuture()
        .get(10, SECONDS);
    return server;
  }

  /** Small socket buffers, so that a peer that does not read stalls the server within KiBs. */
  static ServerConfig smallSocketBuffers() {
    ServerConfig c = ServerConfig.load();
    NetConfig n = c.net();
    return c.withNet(new NetConfig(n.backlog(), n.tcpNoDelay(), n.soReuseAddr(), 16 << 10,
        16 << 10, n.connectTimeout(), n.readTimeout(), n.writeTimeout()));
  }

  /** A client socket with small buffers, set before connecting (the receive one sizes the window). */
  static Socket smallWindowClient(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(16 << 10);
    socket.setSendBufferSize(16 << 10);
    socket.setSoTimeout(EchoClient.SO_TIMEOUT_MS);
    socket.connect(address, EchoClient.SO_TIMEOUT_MS);
    return socket;
  }

  /** An echo handler that records what happened to its connections. */
  static class Recorder implements ConnectionHandler {
    final AtomicInteger opened = new AtomicInteger();
    final Queue<Connection> connections = new ConcurrentLinkedQueue<>();
    /** One entry per onClose: the cause, or a marker for a clean close. */
    final Queue<Object> closes = new ConcurrentLinkedQueue<>();
    final AtomicLong maxQueued = new AtomicLong();
    final AtomicInteger unwritable = new AtomicInteger();
    final AtomicInteger writable = new AtomicInteger();

    static final Object CLEAN = "clean close";

    @Override
    public void onOpen(Connection connection) {
      connections.add(connection);
      opened.incrementAndGet();
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
      if (!connection.write(data)) {
        unwritable.incrementAndGet();
      }
      maxQueued.accumulateAndGet(connection.queuedBytes(), Math::max);
    }

    @Override
    public void onWritable(Connection connection) {
      writable.incrementAndGet();
    }

    @Override
    public void onClose(Connection connection, Throwable cause) {
      closes.add(cause == null ? CLEAN : cause);
    }

    Connection first() {
      Await.until("a connection opened", LIMIT, () -> !connections.isEmpty());
      return connections.peek();
    }

    void awaitCloses(int n) {
      Await.until(n + " onClose calls", LIMIT, () -> closes.size() >= n);
    }
  }

  private void awaitNoConnections() {
    Await.until("no open connections", LIMIT, () -> server.connectionCount() == 0);
  }

  // ---- echo and scale ----------------------------------------------------------------------

  @Test
  void echoesOneByteToSixteenMebibytesByteForByte() throws Exception {
    Recorder handler = new Recorder();
    start(handler);
    int[] sizes = {1, 1000, (64 << 10) + 1, 1 << 20, 16 << 20};
    try (Socket client = EchoClient.connect(server.localAddress())) {
      for (int size : sizes) {
        EchoClient.roundTrip(client, EchoClient.randomBytes(size, size));
      }
    }
    handler.awaitCloses(1);
    assertThat(handler.closes).containsExactly(Recorder.CLEAN);
    awaitNoConnections();
  }

  @Test
  void servesAThousandConcurrentClients() throws Exception {
    EchoClient.assumeFreeFileDescriptors(2 * 1000 + 500, "1,000 in-process clients");
    Recorder handler = new Recorder();
    start(handler);
    EchoClient.manyClients(server.localAddress(), 1000, 3, 512, 16, () -> {
      assertThat(server.connectionCount()).isEqualTo(1000);
      assertThat(handler.opened.get()).isEqualTo(1000);
    });
    handler.awaitCloses(1000);
    awaitNoConnections();
  }

  @Test
  void holdsTenThousandIdleConnections() throws Exception {
    int count = 10_000;
    Reactor reactor = TcpStreamIT.reactor(runtime);
    int baseline = reactor.keyCount(); // before the server: its listener adds a key
    Recorder handler = new Recorder();
    start(handler);
    IdleClients.hold(server.localAddress(), count, () -> {
      assertThat(server.connectionCount()).isEqualTo(count);
      assertThat(handler.opened.get()).isEqualTo(count);
      assertThat(reactor.keyCount()).isGreaterThanOrEqualTo(baseline + count);
    });
    Await.until("all 10,000 connections closed", LIMIT, () -> server.connectionCount() == 0);
    handler.awaitCloses(count);
    assertThat(handler.closes).containsOnly(Recorder.CLEAN);
    Await.until("only the listener's selector key left", LIMIT,
        () -> reactor.keyCount() == baseline + 1);
    server.close();
    Await.until("the selector keys back to " + baseline, LIMIT,
        () -> reactor.keyCount() == baseline);
  }

  // ---- backpressure -----------------------------------------------------------------------

  @Test
  void aClientThatDoesNotReadCannotMakeTheServerQueueWithoutBound() throws Exception {
    ServerConfig config = smallSocketBuffers();
    Recorder handler = new Recorder();
    start(handler, config);
    byte[] payload = EchoClient.randomBytes(8 << 20, 8);
    try (Socket client = smallWindowClient(server.localAddress())) {
      CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
        try {
          client.getOutputStream().write(payload);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      // The echo stalls on our unread window, the queue passes the high-water mark and the
      // server stops reading; then our own writes stall too.
      Await.until("the connection stopped being writable", LIMIT,
          () -> handler.unwritable.get() > 0);
      Connection connection = handler.first();
      Await.until("reading paused: the queue holds still", LIMIT,
          () -> !connection.isWritable() && connection.queuedBytes() > config.highWaterMark());
      assertThat(written).isNotDone();
      long bound = config.highWaterMark() + config.bufferSize();
      assertThat(connection.queuedBytes()).isLessThanOrEqualTo(bound);

      byte[] back = EchoClient.readExactly(client, payload.length); // reading resumes
      written.get(10, SECONDS);
      assertThat(Arrays.mismatch(back, payload)).as("first differing byte").isEqualTo(-1);
      assertThat(handler.maxQueued.get()).isLessThanOrEqualTo(bound);
      assertThat(handler.writable.get()).as("onWritable calls").isPositive();
    }
    handler.awaitCloses(1);
    assertThat(handler.closes).containsExactly(Recorder.CLEAN);
  }

  // ---- closing ----------------------------------------------------------------------------

  @Test
  void halfCloseFlushesTheEchoThenCloses() throws Exception {
    Recorder handler = new Recorder();
    start(handler);
    byte[] payload = EchoClient.randomBytes(1 << 20, 1);
    try (Socket client = EchoClient.connect(server.localAddress())) {
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        try {
          client.getOutputStream().write(payload);
          client.shutdownOutput();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      byte[] back = EchoClient.readToEnd(client);
      sent.get(10, SECONDS);
      assertThat(Arrays.mismatch(back, payload)).as("first differing byte").isEqualTo(-1);
    }
    handler.awaitCloses(1);
    assertThat(handler.closes).containsExactly(Recorder.CLEAN);
    awaitNoConnections();
  }

  @Test
  void aResetMidWriteClosesWithAnIOExceptionLoggedOnce() throws Exception {
    byte[] big = new byte[4 << 20];
    Recorder handler = new Recorder() {
      @Override
      public void onData(Connection connection, ByteBuffer data) {
        connection.write(ByteBuffer.wrap(big)); // far more than the peer's window
      }
    };
    start(handler, smallSocketBuffers());
    try (LogCapture logs = new LogCapture()) {
      String peer;
      try (Socket client = smallWindowClient(server.localAddress())) {
        peer = ":" + client.getLocalPort();
        client.getOutputStream().write(1);
        Connection connection = handler.first();
        Await.until("bytes queued for the peer", LIMIT, () -> connection.queuedBytes() > 0);
        client.setSoLinger(true, 0); // close sends RST
      }
      handler.awaitCloses(1);
      assertThat(handler.closes).singleElement().isInstanceOf(IOException.class);
      awaitNoConnections();
      assertThat(logs.mentioning(peer)).as("log lines about the reset connection").hasSize(1);
    }
    // Nothing escaped to the workers: the runtime still runs tasks.
    assertThat(runtime.spawn(() -> 1).toCompletableFuture().get(10, SECONDS)).isEqualTo(1);
  }

  @Test
  void anIdleConnectionTimesOutOnTheRuntimesClock() throws Exception {
    TestClock clock = new TestClock();
    Recorder handler = new Recorder();
    try (Runtime timed = Runtime.builder().workers(2).clock(clock).build();
        TcpServer s = TcpServer.bind(timed, LOOPBACK, handler,
            ServerConfig.load().withIdleTimeout(Duration.ofSeconds(30))).toCompletableFuture()
            .get(10, SECONDS);
        Socket client = EchoClient.connect(s.localAddress())) {
      EchoClient.smallRoundTrip(client, new byte[] {1});
      clock.advance(Duration.ofSeconds(29));
      EchoClient.smallRoundTrip(client, new byte[] {2});   // activity: the 30 s start again
      clock.advance(Duration.ofSeconds(29));                // 58 s since open, 29 s idle
      EchoClient.smallRoundTrip(client, new byte[] {3});
      assertThat(handler.closes).isEmpty();

      clock.advance(Duration.ofSeconds(30));
      assertThat(client.getInputStream().read()).as("end of stream once idle").isEqualTo(-1);
      handler.awaitCloses(1);
      assertThat(handler.closes).singleElement().isInstanceOf(TimeoutExceededException.class);
      Await.until("no open connections", LIMIT, () -> s.connectionCount() == 0);
    }
  }

  @Test
  void pastMaxConnectionsAPeerWaitsUntilOneCloses() throws Exception {
    Recorder handler = new Recorder();
    start(handler, ServerConfig.load().withMaxConnections(2));
    InetSocketAddress address = server.localAddress();
    try (Socket first = EchoClient.connect(address);
        Socket second = EchoClient.connect(address);
        Socket third = EchoClient.connect(address)) { // the kernel completes it: backlog
      EchoClient.smallRoundTrip(first, new byte[] {1});
      EchoClient.smallRoundTrip(second, new byte[] {2});
      third.getOutputStream().write(3);
      // A negative can only be shown by waiting: 300 ms without an echo, and no third onOpen.
      third.setSoTimeout(300);
      assertThatThrownBy(() -> third.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(handler.opened.get()).isEqualTo(2);
      assertThat(server.connectionCount()).isEqualTo(2);

      first.close();
      third.setSoTimeout(EchoClient.SO_TIMEOUT_MS);
      assertThat(third.getInputStream().read()).isEqualTo(3);
      assertThat(handler.opened.get()).isEqualTo(3);
    }
  }

  @Test
  void aHandlerExceptionClosesTheConnectionAndReachesOnClose() throws Exception {
    IllegalStateException bug = new IllegalStateException("handler bug, on purpose");
    Recorder handler = new Recorder() {
      @Override
      public void onData(Connection connection, ByteBuffer data) {
        if (data.get(data.position()) == 13) {
          throw bug;
        }
        super.onData(connection, data);
      }
    };
    start(handler);
    try (Socket client = EchoClient.connect(server.localAddress())) {
      EchoClient.smallRoundTrip(client, new byte[] {1});
      client.getOutputStream().write(13);
      assertThat(client.getInputStream().read()).as("end of stream").isEqualTo(-1);
    }
    handler.awaitCloses(1);
    assertThat(handler.closes).containsExactly(bug);
    awaitNoConnections();
    try (Socket next = EchoClient.connect(server.localAddress())) {
      EchoClient.smallRoundTrip(next, new byte[] {2}); // the server goes on
    }
  }

  @Test
  void closeFlushesQueuedBytesFirst() throws Exception {
    byte[] reply = EchoClient.randomBytes(4 << 20, 4);
    Recorder handler = new Recorder() {
      @Override
      public void onData(Connection connection, ByteBuffer data) {
        connection.write(ByteBuffer.wrap(reply));
        maxQueued.accumulateAndGet(connection.queuedBytes(), Math::max);
        connection.close();
      }
    };
    start(handler, smallSocketBuffers());
    try (Socket client = smallWindowClient(server.localAddress())) {
      client.getOutputStream().write(1);
      byte[] back = EchoClient.readToEnd(client);
      assertThat(Arrays.mismatch(back, reply)).as("first differing byte").isEqualTo(-1);
    }
    assertThat(handler.maxQueued.get()).as("bytes were queued when close was called")
        .isPositive();
    handler.awaitCloses(1);
    assertThat(handler.closes).containsExactly(Recorder.CLEAN);
  }

  @Test
  void abortDropsQueuedBytes() throws Exception {
    int size = 8 << 20;
    Recorder handler = new Recorder() {
      @Override
      public void onData(Connection connection, ByteBuffer data) {
        connection.write(ByteBuffer.wrap(new byte[size]));
        maxQueued.accumulateAndGet(connection.queuedBytes(), Math::max);
        connection.abort();
      }
    };
    start(handler, smallSocketBuffers());
    long received = 0;
    try (Socket client = smallWindowClient(server.localAddress())) {
      client.getOutputStream().write(1);
      InputStream in = client.getInputStream();
      byte[] chunk = new byte[64 << 10];
      for (int n; (n = readOrReset(in, chunk)) > 0; ) {
        received += n;
      }
    }
    assertThat(handler.maxQueued.get()).as("bytes were queued when abort was called")
        .isPositive();
    // Only what the socket took before abort() may arrive: an abort from onData once still
    // flushed the queue, so a client reading as fast as the server wrote got all 8 MiB.
    assertThat(received).as("bytes that reached the client")
        .isLessThanOrEqualTo(size - handler.maxQueued.get());
    handler.awaitCloses(1);
    assertThat(handler.closes).containsExactly(Recorder.CLEAN);
    awaitNoConnections();
  }

  /** A read that treats a reset (the kernel's answer to an abort with unread input) as the end. */
  private static int readOrReset(InputStream in, byte[] chunk) throws IOException {
    try {
      return in.read(chunk);
    } catch (java.net.SocketException reset) {
      assertThat(reset.getMessage()).contains("reset");
      return -1;
    }
  }

  @Test
  void writesFromAThreadOutsideTheRuntimeArriveInOrder() throws Exception {
    Recorder handler = new Recorder();
    start(handler);
    try (Socket client = EchoClient.connect(server.localAddress())) {
      Connection connection = handler.first();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (int i = 0; i < 1000; i++) {
        byte[] chunk = EchoClient.randomBytes(1 + i % 300, i);
        expected.write(chunk);
        connection.write(ByteBuffer.wrap(chunk)); // this thread is not a worker
      }
      byte[] back = EchoClient.readExactly(client, expected.size());
      assertThat(back).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void closingTheServerClosesItsConnectionsAndCompletesWhenClosed() throws Exception {
    Recorder handler = new Recorder();
    start(handler);
    InetSocketAddress address = server.localAddress();
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket c = EchoClient.connect(address);
        clients.add(c);
        EchoClient.smallRoundTrip(c, new byte[] {(byte) i});
      }
      server.close();
      assertThat(server.whenClosed().toCompletableFuture().get(10, SECONDS)).isNull();
      assertThat(server.connectionCount()).isZero();
      for (Socket c : clients) {
        assertThat(c.getInputStream().read()).as("end of stream").isEqualTo(-1);
      }
      handler.awaitCloses(3);
      assertThat(handler.closes).hasSize(3).containsOnly(Recorder.CLEAN);
      assertThatThrownBy(() -> EchoClient.connect(address)).isInstanceOf(ConnectException.class);
    } finally {
      for (Socket c : clients) {
        c.close();
      }
    }
  }

  @Test
  void runtimeShutdownWithOpenConnectionsLeavesNoKeysOrChannels() throws Exception {
    Runtime own = Runtime.builder().workers(2).threadNamePrefix("push-shut-w-")
        .shutdownTimeout(Duration.ofMillis(200)).build();
    Reactor reactor = TcpStreamIT.reactor(own);
    Recorder handler = new Recorder();
    TcpServer s = TcpServer.bind(own, LOOPBACK, handler).toCompletableFuture().get(10, SECONDS);
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        Socket c = EchoClient.connect(s.localAddress());
        clients.add(c);
        EchoClient.smallRoundTrip(c, new byte[] {(byte) i});
      }
      assertThat(s.connectionCount()).isEqualTo(10);

      own.close(); // the server and its connections are still open: closed at the deadline

      assertThat(reactor.isClosed()).isTrue();
      assertThat(reactor.keyCount()).isZero();
      assertThat(s.connectionCount()).isZero();
      for (Socket c : clients) {
        assertThat(EchoClient.readToEnd(c)).isEmpty();
      }
      assertThat(handler.closes).hasSize(10);
      assertThat(s.whenClosed().toCompletableFuture().get(10, SECONDS)).isNull();
    } finally {
      for (Socket c : clients) {
        c.close();
      }
    }
  }
}
