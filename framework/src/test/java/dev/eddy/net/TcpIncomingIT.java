package dev.eddy.net;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.reactor.internal.Reactor;
import dev.eddy.runtime.Await;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpListener#incoming}: a task per connection, failures confined to their connection, and
 * the loop's end. Payload sizes and half-close of the pull style are in {@link TcpStreamIT},
 * whose {@link EchoServer} runs on {@code incoming}.
 */
class TcpIncomingIT {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  private Runtime runtime;
  private TcpListener listener;

  @BeforeEach
  void start() throws Exception {
    runtime = Runtime.builder().workers(2).shutdownTimeout(Duration.ofSeconds(5)).build();
    listener = TcpListener.bind(runtime, LOOPBACK).toCompletableFuture().get(10, SECONDS);
  }

  @AfterEach
  void stop() {
    listener.close();
    runtime.close();
  }

  @Test
  void servesAThousandConcurrentClients() throws Exception {
    EchoClient.assumeFreeFileDescriptors(2 * 1000 + 500, "1,000 in-process clients");
    AtomicInteger accepted = new AtomicInteger();
    listener.incoming(stream -> {
      accepted.incrementAndGet();
      return EchoServer.echo(stream, ByteBuffer.allocate(1024), new CompletableFuture<>());
    });
    EchoClient.manyClients(listener.localAddress(), 1000, 3, 512, 16,
        () -> assertThat(accepted.get()).isEqualTo(1000));
  }

  @Test
  void holdsTenThousandIdleConnections() throws Exception {
    int count = 10_000;
    Reactor reactor = TcpStreamIT.reactor(runtime);
    AtomicInteger open = new AtomicInteger();
    CompletableFuture<Void> loop = listener.incoming(stream -> {
      open.incrementAndGet();
      return EchoServer.echo(stream, ByteBuffer.allocate(16), new CompletableFuture<>())
          .whenComplete((v, e) -> open.decrementAndGet());
    }).toCompletableFuture();
    IdleClients.hold(listener.localAddress(), count, () -> {
      assertThat(open.get()).isEqualTo(count);
      assertThat(reactor.keyCount()).isGreaterThanOrEqualTo(count);
    });
    Await.until("all 10,000 connections ended", Duration.ofSeconds(20), () -> open.get() == 0);
    assertThat(loop).isNotDone();
    listener.close();
    assertThat(loop.get(10, SECONDS)).isNull();
    Await.until("no selector keys left", Duration.ofSeconds(20), () -> reactor.keyCount() == 0);
  }

  @Test
  void aFailingConnectionIsClosedAndTheLoopGoesOn() throws Exception {
    AtomicInteger served = new AtomicInteger();
    CompletableFuture<Void> loop = listener.incoming(stream -> {
      switch (served.incrementAndGet()) {
        case 1:
          throw new IllegalStateException("handler bug, on purpose");
        case 2:
          return CompletableFuture.failedFuture(new java.io.IOException("failed, on purpose"));
        case 3:
          return null;
        default:
          return EchoServer.echo(stream, ByteBuffer.allocate(64), new CompletableFuture<>());
      }
    }).toCompletableFuture();
    for (int i = 0; i < 3; i++) {
      try (Socket broken = EchoClient.connect(listener.localAddress())) {
        assertThat(broken.getInputStream().read()).as("end of stream from a failed connection")
            .isEqualTo(-1);
      }
    }
    try (Socket fine = EchoClient.connect(listener.localAddress())) {
      EchoClient.smallRoundTrip(fine, new byte[] {1, 2, 3});
    }
    assertThat(loop).isNotDone();
    assertThat(served.get()).isEqualTo(4);
  }

  @Test
  void theStreamIsClosedWhenItsStageCompletes() throws Exception {
    listener.incoming(stream -> stream.writeAll(ByteBuffer.wrap(new byte[] {9, 8, 7})));
    try (Socket client = EchoClient.connect(listener.localAddress())) {
      assertThat(EchoClient.readToEnd(client)).containsExactly(9, 8, 7);
    }
  }

  @Test
  void closingTheListenerEndsTheLoopAndLeavesServedConnectionsOpen() throws Exception {
    CompletableFuture<Void> loop = listener.incoming(
        stream -> EchoServer.echo(stream, ByteBuffer.allocate(64), new CompletableFuture<>()))
        .toCompletableFuture();
    try (Socket client = EchoClient.connect(listener.localAddress())) {
      EchoClient.smallRoundTrip(client, new byte[] {1});
      listener.close();
      assertThat(loop.get(10, SECONDS)).isNull();
      EchoClient.smallRoundTrip(client, new byte[] {2});
    }
  }

  @Test
  void aSecondLoopOnOneListenerIsRefusedAndTheFirstGoesOn() throws Exception {
    CompletableFuture<Void> first = listener.incoming(
        stream -> EchoServer.echo(stream, ByteBuffer.allocate(64), new CompletableFuture<>()))
        .toCompletableFuture();
    assertThatThrownBy(() -> listener.incoming(stream -> CompletableFuture.completedFuture(null))
        .toCompletableFuture().get(10, SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one accept loop per listener");
    try (Socket client = EchoClient.connect(listener.localAddress())) {
      EchoClient.smallRoundTrip(client, new byte[] {5});
    }
    assertThat(first).isNotDone();
  }

  @Test
  void runtimeShutdownEndsTheLoopAndClosesOpenConnections() throws Exception {
    Runtime own = Runtime.builder().workers(2).shutdownTimeout(Duration.ofMillis(200)).build();
    Reactor reactor = TcpStreamIT.reactor(own);
    TcpListener l = TcpListener.bind(own, LOOPBACK).toCompletableFuture().get(10, SECONDS);
    AtomicInteger ended = new AtomicInteger();
    CompletableFuture<Void> loop = l.incoming(stream -> EchoServer.echo(stream,
        ByteBuffer.allocate(64), new CompletableFuture<>())
        .whenComplete((v, e) -> ended.incrementAndGet())).toCompletableFuture();
    try (Socket client = EchoClient.connect(l.localAddress())) {
      EchoClient.smallRoundTrip(client, new byte[] {1});
      own.close(); // the open connection and the listener are closed at the 200 ms deadline
      assertThat(loop.get(10, SECONDS)).isNull();
      assertThat(EchoClient.readToEnd(client)).isEmpty();
      Await.until("the connection's stage ended", Duration.ofSeconds(10),
          () -> ended.get() == 1);
    }
    assertThat(reactor.isClosed()).isTrue();
    assertThat(reactor.keyCount()).isZero();
  }
}
