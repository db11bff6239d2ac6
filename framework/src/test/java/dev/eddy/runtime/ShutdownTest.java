package dev.eddy.runtime;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: what finishes, what is refused, what is aborted. */
class ShutdownTest {

  @Test
  void aTaskRefusedAtRegistrationIsNeverPolled() {
    Runtime r = Runtime.builder().workers(1).build();
    TaskHandle alive = r.register(cx -> false);
    AtomicInteger polls = new AtomicInteger();
    Thread stopper = new Thread(() -> r.shutdown(Duration.ofMillis(200)));
    stopper.start();
    Await.until("shutdown begun", Duration.ofSeconds(5), r::isShutdown);
    TaskHandle refused = r.register(cx -> polls.incrementAndGet() > 0);
    assertThatThrownBy(() -> refused.toCompletableFuture().join())
        .hasCauseInstanceOf(RejectedExecutionException.class);
    refused.wake();
    assertThat(refused.abort()).isFalse();
    r.whenTerminated().toCompletableFuture().join();
    assertThat(polls).hasValue(0);
    assertThat(alive.isDone()).isTrue();
  }

  @Test
  void timersOfFinishingTasksStillFireDuringTheGracePeriod() throws Exception {
    Runtime r = Runtime.builder().workers(1).build();
    JoinHandle<String> napping = r.spawnAsync(() -> r.timer().sleep(Duration.ofMillis(50))
        .thenApply(v -> "rested"));
    assertThat(r.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(napping.toCompletableFuture().get(1, SECONDS)).isEqualTo("rested");
  }

  @Test
  void blockingWorkStillQueuedAtTheDeadlineIsCancelled() throws Exception {
    Runtime r = Runtime.builder().workers(1).blockingMaxThreads(1).build();
    CountDownLatch never = new CountDownLatch(1);
    JoinHandle<Boolean> running = r.spawnBlocking(() -> never.await(10, SECONDS));
    JoinHandle<String> queued = r.spawnBlocking(() -> "never");
    assertThat(r.shutdown(Duration.ofMillis(100))).isFalse();
    // The running work was interrupted; the queued work never started, and neither hangs.
    assertThatThrownBy(() -> queued.toCompletableFuture().get(5, SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> running.toCompletableFuture().get(5, SECONDS))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void shutdownFromABlockingThreadIsRefused() throws Exception {
    try (Runtime r = Runtime.builder().workers(1).build()) {
      Throwable t = r.spawnBlocking(() -> {
        try {
          r.shutdown(Duration.ZERO);
          return null;
        } catch (IllegalStateException e) {
          return e;
        }
      }).toCompletableFuture().get(5, SECONDS);
      assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("new Thread");
    }
  }

  @Test
  void aSecondCallerGetsTheFirstCallersResult() throws Exception {
    Runtime r = Runtime.builder().workers(1).build();
    r.register(cx -> false); // never finishes: the shutdown cannot be clean
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(
        () -> r.shutdown(Duration.ofMillis(100)));
    Await.until("shutdown begun", Duration.ofSeconds(5), r::isShutdown);
    assertThat(r.shutdown(Duration.ofSeconds(5))).isFalse();
    assertThat(first.get(5, SECONDS)).isFalse();
  }

  @Test
  void aCleanShutdownNeverCancelsTasksThatWereStillRunning() throws Exception {
    // Outside spawns whose tasks spawn children, then an immediate shutdown: if it reports a
    // clean stop, no task may have been cancelled (a batch taken from the inject queue but not
    // yet counted must not look like "nothing alive").
    for (int round = 0; round < 100; round++) {
      Runtime r = Runtime.builder().workers(2).build();
      List<CompletableFuture<Integer>> handles = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        handles.add(r.spawnAsync(() -> Runtime.current().spawn(() -> 1)).toCompletableFuture());
      }
      boolean clean = r.shutdown(Duration.ofSeconds(10));
      if (clean) {
        for (CompletableFuture<Integer> h : handles) {
          assertThat(h).as("round %d", round).isCompletedWithValue(1);
        }
      }
    }
  }
}
