package dev.eddy.runtime;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eddy.runtime.internal.Coop;
import dev.eddy.time.TestClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Shutdown under adverse conditions: an interrupted caller, a worker that does not stop, a
 * {@code close()} from a callback the shutdown itself runs, and completions the runtime still
 * holds as tasks when its workers stop.
 */
class ShutdownHardeningTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static boolean anyThreadAlive(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
  }

  @Test
  void anInterruptedShutdownStillStopsEveryThreadAndKeepsTheInterrupt() {
    Runtime r = Runtime.builder().workers(1).threadNamePrefix("intr-worker-").build();
    TaskHandle idle = r.register(cx -> false); // alive: the shutdown has to wait, then abort
    Thread.currentThread().interrupt();
    boolean clean;
    boolean stillInterrupted;
    try {
      clean = r.shutdown(Duration.ofMillis(100));
    } finally {
      stillInterrupted = Thread.interrupted();
    }
    assertThat(stillInterrupted).as("the caller's interrupt is re-asserted").isTrue();
    assertThat(clean).isFalse();
    assertThat(idle.isDone()).as("the idle task was aborted").isTrue();
    assertThat(anyThreadAlive("intr-worker-")).as("a worker outlived the shutdown").isFalse();
    assertThat(r.whenTerminated().toCompletableFuture()).isDone();
  }

  @Test
  void whenTerminatedWaitsForAStuckWorkerAndASecondShutdownJoinsIt() throws Exception {
    Runtime r = Runtime.builder().workers(1).threadNamePrefix("stuck-worker-")
        .shutdownJoinTimeout(Duration.ofMillis(50)).build();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    r.spawn(() -> {
      entered.countDown();
      return release.await(30, SECONDS); // blocks its worker: what a task must not do
    });
    assertThat(entered.await(10, SECONDS)).isTrue();
    assertThat(r.shutdown(Duration.ZERO)).isFalse();
    assertThat(anyThreadAlive("stuck-worker-")).isTrue();
    assertThat(r.whenTerminated().toCompletableFuture().isDone())
        .as("whenTerminated completed while a worker still runs").isFalse();

    release.countDown();
    r.shutdown(Duration.ZERO); // not a no-op: joins the worker again
    assertThat(anyThreadAlive("stuck-worker-")).as("the second shutdown joined the worker")
        .isFalse();
    r.whenTerminated().toCompletableFuture().get(10, SECONDS);
  }

  @Test
  void closeFromASleepThatTheShutdownAbortsReturnsInsteadOfDeadlocking() {
    Runtime r = Runtime.builder().workers(1).build();
    CompletableFuture<Boolean> nested = new CompletableFuture<>();
    // Aborted by the timer thread while the first close() waits for that thread.
    r.timer().sleep(Duration.ofHours(1))
        .whenComplete((v, e) -> nested.complete(r.shutdown(Duration.ZERO)));
    assertTimeoutPreemptively(PATIENCE, r::close);
    assertThat(nested).isDone();
  }

  @Test
  void closeFromAnIdleTaskThatTheShutdownAbortsReturnsInsteadOfDeadlocking() {
    Runtime r = Runtime.builder().workers(1).build();
    CompletableFuture<Boolean> nested = new CompletableFuture<>();
    // Aborted on the shutting-down thread itself (as a ConnectionHandler.onClose would be).
    r.register(cx -> false).toCompletableFuture()
        .whenComplete((v, e) -> nested.complete(r.shutdown(Duration.ZERO)));
    assertTimeoutPreemptively(PATIENCE, () -> r.shutdown(Duration.ZERO));
    assertThat(nested).isDone();
  }

  @Test
  void aSleepThatExpiredJustBeforeTheWorkersStoppedStillCompletes() throws Exception {
    TestClock clock = new TestClock();
    Runtime r = Runtime.builder().workers(1).clock(clock).build();
    CompletableFuture<Void> nap = r.timer().sleep(Duration.ofSeconds(1)).toCompletableFuture();
    stopWhileTheWorkerIsHeld(r, () -> {}, () -> clock.advance(Duration.ofSeconds(1)));
    assertThat(nap).as("the expired sleep's completion was dropped").isDone();
  }

  @Test
  void aDeferredCompletionHandedOverAsTheWorkersStopStillRuns() throws Exception {
    Runtime r = Runtime.builder().workers(1).build();
    AtomicBoolean delivered = new AtomicBoolean();
    stopWhileTheWorkerIsHeld(r, () -> Coop.defer(() -> delivered.set(true)), () -> {});
    assertThat(delivered).as("the Coop.defer'red completion was dropped").isTrue();
  }

  /**
   * Holds the only worker in a task, runs {@code beforeStop}, starts a shutdown on another
   * thread, waits until it joins the workers (the workers are told to stop), then lets the task
   * go on to run {@code afterRelease} on the worker, and waits for the shutdown to end.
   */
  private static void stopWhileTheWorkerIsHeld(Runtime r, Runnable afterRelease,
      Runnable beforeStop) throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    r.spawn(() -> {
      entered.countDown();
      release.await(30, SECONDS);
      afterRelease.run();
      return null;
    });
    assertThat(entered.await(10, SECONDS)).isTrue();
    beforeStop.run();
    Thread stopper = new Thread(() -> r.shutdown(Duration.ZERO), "hardening-stopper");
    stopper.start();
    Await.until("the shutdown joins the workers", PATIENCE,
        () -> stopper.getState() == Thread.State.TIMED_WAITING);
    release.countDown();
    stopper.join(PATIENCE.toMillis());
    assertThat(stopper.isAlive()).isFalse();
  }
}
