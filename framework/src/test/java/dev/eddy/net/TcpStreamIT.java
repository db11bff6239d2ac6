package dev.eddy.net;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.reactor.internal.Reactor;
import dev.eddy.runtime.Await;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TimeoutExceededException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pull-style TCP API over loopback, against the echo server of {@link EchoServer}. */
class TcpStreamIT {

  private Runtime runtime;
  private EchoServer server;

  @BeforeEach
  void start() throws Exception {
    runtime = Runtime.builder().workers(2).shutdownTimeout(Duration.ofSeconds(5)).build();
    server = EchoServer.start(runtime);
  }

  @AfterEach
  void stop() {
    server.close();
    runtime.close();
  }

  private TcpStream connect() throws Exception {
    return TcpStream.connect(runtime, server.address()).toCompletableFuture().get(10, SECONDS);
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Writes {@code payload} while reading the echo back, concurrently; returns what came back. */
  private static CompletableFuture<byte[]> roundTrip(TcpStream stream, byte[] payload) {
    ByteBuffer back = ByteBuffer.allocate(payload.length);
    CompletableFuture<Void> written = stream.writeAll(ByteBuffer.wrap(payload))
        .toCompletableFuture();
    return stream.readExact(back).toCompletableFuture()
        .thenCombine(written, (r, w) -> back.array());
  }

  @Test
  void echoesOneByte() throws Exception {
    try (TcpStream stream = connect()) {
      assertThat(roundTrip(stream, new byte[] {42}).get(10, SECONDS)).containsExactly(42);
      assertThat(stream.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
    }
  }

  @Test
  void echoesSixteenMebibytesByteForByte() throws Exception {
    byte[] payload = randomBytes(16 << 20, 16);
    try (TcpStream stream = connect()) {
      byte[] back = roundTrip(stream, payload).get(30, SECONDS);
      assertThat(java.util.Arrays.mismatch(back, payload)).isEqualTo(-1);
    }
  }

  @Test
  void servesTwoHundredConcurrentClients() throws Exception {
    int clients = 200;
    List<CompletableFuture<Boolean>> results = new ArrayList<>();
    List<TcpStream> streams = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < clients; i++) {
      byte[] payload = randomBytes(1024, i);
      results.add(TcpStream.connect(runtime, server.address()).toCompletableFuture()
          .thenCompose(stream -> {
            streams.add(stream);
            return roundTrip(stream, payload);
          })
          .thenApply(back -> java.util.Arrays.equals(back, payload)));
    }
    try {
      CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).get(30, SECONDS);
      assertThat(results).allSatisfy(r -> assertThat(r.join()).isTrue());
      assertThat(server.accepted.get()).isEqualTo(clients);
    } finally {
      streams.forEach(TcpStream::close);
    }
  }

  @Test
  void halfCloseReadsTheEchoToEndOfStream() throws Exception {
    try (TcpStream stream = connect()) {
      stream.writeAll(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)))
          .toCompletableFuture().get(10, SECONDS);
      stream.shutdownOutput();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(3);
      for (int round = 0; round < 100; round++) {
        buffer.clear();
        int n = stream.read(buffer).toCompletableFuture().get(10, SECONDS);
        if (n < 0) {
          break;
        }
        received.write(buffer.array(), 0, n);
      }
      assertThat(received.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
      assertThatThrownBy(() -> stream.readExact(ByteBuffer.allocate(4)).toCompletableFuture()
          .get(10, SECONDS)).hasCauseInstanceOf(EOFException.class)
          .hasMessageContaining("4 of 4 bytes still missing");
    }
  }

  @Test
  void readsAndRegistersFromANonWorkerThread() throws Exception {
    try (TcpStream stream = connect()) {
      ByteBuffer buffer = ByteBuffer.allocate(16);
      // Nothing to read yet: this thread arms interest on a worker's selector, which is parked.
      CompletableFuture<Integer> read = stream.read(buffer).toCompletableFuture();
      assertThat(read).isNotDone();
      runtime.spawn(() -> stream.write(ByteBuffer.wrap(new byte[] {7, 8})));
      assertThat(read.get(10, SECONDS)).isPositive();
      assertThat(buffer.get(0)).isEqualTo((byte) 7);
    }
  }

  @Test
  void readTimeoutFailsTheReadAndLeavesTheStreamUsable() throws Exception {
    try (TcpStream stream = connect()) {
      stream.setReadTimeout(Duration.ofMillis(100));
      ByteBuffer buffer = ByteBuffer.allocate(8);
      assertThatThrownBy(() -> stream.read(buffer).toCompletableFuture().get(10, SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutExceededException.class)
          .hasMessageContaining("read from");
      stream.setReadTimeout(Duration.ZERO);
      assertThat(roundTrip(stream, new byte[] {1, 2, 3}).get(10, SECONDS))
          .containsExactly(1, 2, 3);
    }
  }

  @Test
  void secondReadWhileOneIsPendingIsRefused() throws Exception {
    try (TcpStream stream = connect()) {
      CompletableFuture<Integer> first = stream.read(ByteBuffer.allocate(8)).toCompletableFuture();
      assertThatThrownBy(() -> stream.read(ByteBuffer.allocate(8)).toCompletableFuture()
          .get(10, SECONDS)).hasCauseInstanceOf(java.nio.channels.ReadPendingException.class);
      stream.close();
      assertThatThrownBy(() -> first.get(10, SECONDS)).hasCauseInstanceOf(IOException.class)
          .hasMessageContaining("closed");
    }
  }

  @Test
  void connectionRefusedFailsTheConnect() throws Exception {
    InetSocketAddress unused;
    try (TcpListener l = TcpListener.bind(runtime, new InetSocketAddress("127.0.0.1", 0))
        .toCompletableFuture().get(10, SECONDS)) {
      unused = l.localAddress();
    }
    assertThatThrownBy(() -> TcpStream.connect(runtime, unused).toCompletableFuture()
        .get(10, SECONDS)).hasCauseInstanceOf(java.net.ConnectException.class);
    Reactor reactor = reactor(runtime);
    // The failed channel's key is cancelled; only the echo listener's stays.
    Await.until("the refused channel's key is gone", Duration.ofSeconds(10),
        () -> reactor.keyCount() == 1);
  }

  /** The runtime's I/O driver, found from one of its workers. */
  static Reactor reactor(Runtime runtime) throws Exception {
    return runtime.spawn(() -> Reactor.current().reactor()).toCompletableFuture()
        .get(10, SECONDS);
  }
}
