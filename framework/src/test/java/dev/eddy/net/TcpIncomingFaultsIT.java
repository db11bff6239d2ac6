package dev.eddy.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.runtime.Runtime;
import java.io.IOException;
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
 * {@link TcpListener#incoming} outlives a failed accept (out of file descriptors) and a socket
 * that fails its setup, and keeps to its connection limit. The failures are injected through
 * the listener's accept and setup steps (an EMFILE cannot be provoked reliably in a shared
 * test JVM); what is tested is what the loop does with them.
 */
class TcpIncomingFaultsIT {

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

  private static CompletableFuture<Void> echo(TcpStream stream) {
    return EchoServer.echo(stream, ByteBuffer.allocate(256), new CompletableFuture<>());
  }

  /** One round trip through the listener's echo. */
  private void assertEchoes(String text) throws Exception {
    try (Socket client = EchoClient.connect(listener.localAddress())) {
      EchoClient.smallRoundTrip(client, text.getBytes(US_ASCII));
    }
  }

  @Test
  void aSocketThatFailsItsSetupIsDroppedAndTheLoopGoesOn() throws Exception {
    AtomicInteger setups = new AtomicInteger();
    TcpListener.Setup real = listener.setup;
    listener.setup = (rt, parker, channel, config) -> {
      if (setups.incrementAndGet() == 1) {
        channel.close();
        throw new IOException("injected setup failure");
      }
      return real.open(rt, parker, channel, config);
    };
    CompletableFuture<Void> loop = listener.incoming(TcpIncomingFaultsIT::echo)
        .toCompletableFuture();
    try (Socket dropped = EchoClient.connect(listener.localAddress())) {
      assertThat(dropped.getInputStream().read()).as("the dropped socket's end").isEqualTo(-1);
    }
    assertEchoes("after a setup failure");
    assertThat(loop).isNotDone();
    assertThat(setups).hasValue(2);
  }

  @Test
  void aFailingAcceptIsRetriedAfterABackoffAndTheLoopGoesOn() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    TcpListener.Accepting real = listener.accepting;
    listener.accepting = channel -> {
      if (failures.get() < 3) {
        failures.incrementAndGet();
        throw new IOException("Too many open files (injected)");
      }
      return real.accept(channel);
    };
    CompletableFuture<Void> loop = listener.incoming(TcpIncomingFaultsIT::echo)
        .toCompletableFuture();
    assertEchoes("after three failed accepts");
    assertThat(failures).hasValue(3);
    assertThat(loop).isNotDone();
    listener.close();
    assertThat(loop.get(10, SECONDS)).isNull();
  }

  @Test
  void atItsLimitTheLoopWaitsForAConnectionToEnd() throws Exception {
    AtomicInteger serving = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    CompletableFuture<Void> loop = listener.incoming(1, stream -> {
      most.accumulateAndGet(serving.incrementAndGet(), Math::max);
      served.incrementAndGet();
      return echo(stream).whenComplete((v, e) -> serving.decrementAndGet());
    }).toCompletableFuture();
    try (Socket first = EchoClient.connect(listener.localAddress());
        Socket second = EchoClient.connect(listener.localAddress())) { // waits in the backlog
      EchoClient.smallRoundTrip(first, "first".getBytes(US_ASCII));
      second.getOutputStream().write("second".getBytes(US_ASCII));
      first.shutdownOutput(); // the first connection's echo ends: room for the second
      assertThat(first.getInputStream().read()).isEqualTo(-1);
      assertThat(new String(EchoClient.readExactly(second, 6), US_ASCII)).isEqualTo("second");
    }
    assertThat(most).as("connections served at once").hasValue(1);
    assertThat(served).hasValue(2);
    listener.close();
    assertThat(loop.get(10, SECONDS)).isNull();
  }

  @Test
  void aLoopPausedAtItsLimitEndsWhenTheListenerCloses() throws Exception {
    CompletableFuture<Void> loop = listener.incoming(1, TcpIncomingFaultsIT::echo)
        .toCompletableFuture();
    try (Socket first = EchoClient.connect(listener.localAddress())) {
      EchoClient.smallRoundTrip(first, "held".getBytes(US_ASCII)); // served: the loop pauses
      listener.close();
      assertThat(loop.get(10, SECONDS)).isNull();
    }
  }
}
