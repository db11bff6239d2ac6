package dev.eddy.net;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.reactor.internal.Reactor;
import dev.eddy.runtime.Await;
import dev.eddy.runtime.Runtime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Resets, shutdown with open connections, and an idle reactor that must not spin. */
class TcpFaultsIT {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  private static List<Thread> threadsNamed(String prefix) {
    List<Thread> found = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix) && t.isAlive()) {
        found.add(t);
      }
    }
    return found;
  }

  @Test
  void peerResetSurfacesOnTheNextReadAndWrite() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(2).threadNamePrefix("reset-w-").build();
        TcpListener listener = TcpListener.bind(runtime, LOOPBACK).toCompletableFuture()
            .get(10, SECONDS)) {
      CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
      TcpStream client = TcpStream.connect(runtime, listener.localAddress())
          .toCompletableFuture().get(10, SECONDS);
      try (TcpStream server = accepted.get(10, SECONDS)) {
        CompletableFuture<Integer> pendingRead =
            server.read(ByteBuffer.allocate(64)).toCompletableFuture();
        client.setOption(StandardSocketOptions.SO_LINGER, 0);
        client.close(); // RST instead of FIN
        assertThatThrownBy(() -> pendingRead.get(10, SECONDS))
            .hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> server.writeAll(ByteBuffer.allocate(1 << 20))
            .toCompletableFuture().get(10, SECONDS)).hasCauseInstanceOf(IOException.class);
      }
      // No worker died: every worker still runs tasks.
      assertThat(threadsNamed("reset-w-")).hasSize(2);
      for (int i = 0; i < 8; i++) {
        assertThat(runtime.spawn(() -> 1).toCompletableFuture().get(10, SECONDS)).isEqualTo(1);
      }
    }
  }

  @Test
  void shutdownWithOpenConnectionsLeavesNoKeysChannelsOrThreads() throws Exception {
    Runtime runtime = Runtime.builder().workers(2).threadNamePrefix("shut-w-")
        .shutdownTimeout(Duration.ofMillis(200)).build();
    Reactor reactor = TcpStreamIT.reactor(runtime);
    EchoServer server = EchoServer.start(runtime);
    List<TcpStream> clients = new ArrayList<>();
    List<CompletableFuture<Integer>> reads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      TcpStream c = TcpStream.connect(runtime, server.address()).toCompletableFuture()
          .get(10, SECONDS);
      clients.add(c);
      reads.add(c.read(ByteBuffer.allocate(16)).toCompletableFuture());
    }
    Await.until("all 10 connections accepted", Duration.ofSeconds(10),
        () -> server.accepted.get() == 10);
    // The listener, 10 server streams and 10 clients, all waiting to read.
    Await.until("21 keys registered", Duration.ofSeconds(10), () -> reactor.keyCount() == 21);

    runtime.close(); // the open streams are aborted at the 200 ms deadline

    assertThat(reactor.isClosed()).isTrue();
    assertThat(reactor.keyCount()).isZero();
    assertThat(threadsNamed("shut-w-")).isEmpty();
    for (CompletableFuture<Integer> read : reads) {
      assertThatThrownBy(() -> read.get(10, SECONDS)).hasCauseInstanceOf(IOException.class);
    }
    assertThat(clients).allSatisfy(c -> assertThat(c.isClosed()).isTrue());
    assertThat(server.listener.isClosed()).isTrue();
  }

  @Test
  void idleRuntimeDoesNotSpin() throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String why = "thread CPU time is not measurable on this JVM";
    org.junit.jupiter.api.Assumptions.assumeTrue(
        mx.isThreadCpuTimeSupported() || EchoClient.failInCi(why), why);
    try (Runtime runtime = Runtime.builder().workers(2).threadNamePrefix("idle-w-").build();
        EchoServer server = EchoServer.start(runtime);
        TcpStream client = TcpStream.connect(runtime, server.address()).toCompletableFuture()
            .get(10, SECONDS)) {
      // One idle connection with a pending read and a listener with a pending accept: both
      // selectors hold keys, and every worker must block in select.
      CompletableFuture<Integer> read = client.read(ByteBuffer.allocate(8)).toCompletableFuture();
      List<Thread> workers = threadsNamed("idle-w-");
      assertThat(workers).hasSize(2);
      long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      while (System.nanoTime() < settle) {
        LockSupport.parkNanos(10_000_000);
      }
      long before = cpu(mx, workers);
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
      while (System.nanoTime() < end) {
        LockSupport.parkNanos(10_000_000);
      }
      long used = cpu(mx, workers) - before;
      assertThat(used).as("worker CPU time over 500 ms idle, ns")
          .isLessThan(TimeUnit.MILLISECONDS.toNanos(25));
      assertThat(read).isNotDone();
    }
  }

  private static long cpu(ThreadMXBean mx, List<Thread> threads) {
    long sum = 0;
    for (Thread t : threads) {
      sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
    }
    return sum;
  }
}
