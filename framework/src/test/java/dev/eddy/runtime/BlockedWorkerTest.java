package dev.eddy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eddy.reactor.internal.Reactor;
import dev.eddy.reactor.internal.Registration;
import dev.eddy.reactor.internal.SelectorParker;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A task that blocks its worker (issue 11, review Z1): the incident is detected and counted once,
 * and the stuck worker's selector is driven by another thread meanwhile.
 */
class BlockedWorkerTest {

  @Test
  void aStuckWorkersSelectorIsStillServedAndTheIncidentCountedOnce() throws Exception {
    Pipe pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    try (Runtime rt = Runtime.builder().workers(2).blockedWarning(Duration.ofMillis(100))
        .ioTakeoverAfter(Duration.ofMillis(20)).build()) {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        AtomicInteger wakes = new AtomicInteger();
        AtomicReference<Registration> registration = new AtomicReference<>();
        CountDownLatch registered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JoinHandle<Boolean> stuck = rt.spawn(() -> {
          SelectorParker mine = Reactor.current();
          Registration r = new Registration(mine, pipe.source(), wakes::incrementAndGet);
          r.interest(SelectionKey.OP_READ); // applied at once: this is the owner's thread
          registration.set(r);
          registered.countDown();
          return release.await(20, TimeUnit.SECONDS); // blocks this worker: the scenario
        });
        assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        Await.until("readiness on the stuck worker's selector reported", Duration.ofSeconds(5),
            () -> wakes.get() == 1);
        Await.until("the incident counted", Duration.ofSeconds(5),
            () -> rt.metrics().blockedWorkerIncidents() == 1);

        // An interest change from another thread while the owner is stuck is applied too.
        drain(pipe);
        registration.get().interest(SelectionKey.OP_READ);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {2}));
        Await.until("re-armed readiness reported", Duration.ofSeconds(5), () -> wakes.get() == 2);

        release.countDown();
        assertThat(stuck.toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(rt.metrics().blockedWorkerIncidents()).as("one long poll, one incident")
            .isEqualTo(1);

        // The owner has its selector back and serves it again.
        drain(pipe);
        registration.get().interest(SelectionKey.OP_READ);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {3}));
        Await.until("readiness reported after the owner returned", Duration.ofSeconds(5),
            () -> wakes.get() == 3);
        registration.get().cancel();
      });
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  private static void drain(Pipe pipe) throws java.io.IOException {
    ByteBuffer b = ByteBuffer.allocate(16);
    while (pipe.source().read(b) > 0) {
      b.clear();
    }
  }
}
