package dev.eddy.runtime;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuntimeTest {

  private Runtime runtime;

  @BeforeEach
  void start() {
    runtime = Runtime.builder().workers(2).threadNamePrefix("test-worker-").build();
  }

  @AfterEach
  void stop() {
    runtime.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void spawnRunsRunnableAndCallable() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    runtime.spawn(ran::incrementAndGet).toCompletableFuture().get(5, SECONDS);
    assertThat(ran).hasValue(1);
    assertThat(runtime.spawn(() -> 6 * 7).toCompletableFuture().get(5, SECONDS)).isEqualTo(42);
  }

  @Test
  void tasksRunOnNamedWorkerThreadsAndSeeTheirRuntime() throws Exception {
    String name = runtime.spawn(() -> Thread.currentThread().getName())
        .toCompletableFuture().get(5, SECONDS);
    assertThat(name).matches("test-worker-[01]");
    assertThat(runtime.spawn(() -> Runtime.current()).toCompletableFuture().get(5, SECONDS))
        .isSameAs(runtime);
  }

  @Test
  void currentOutsideRuntimeNamesTheThread() {
    assertThatThrownBy(Runtime::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Thread.currentThread().getName());
  }

  @Test
  void blockOnReturnsValueAndUnwrapsFailures() {
    assertThat(runtime.blockOn(() -> CompletableFuture.completedFuture("x"))).isEqualTo("x");
    assertThatThrownBy(() -> runtime.blockOn(
        () -> CompletableFuture.failedFuture(new IllegalArgumentException("bad"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
    assertThatThrownBy(() -> runtime.blockOn(
        () -> CompletableFuture.failedFuture(new IOException("io"))))
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void blockOnAndJoinAreRefusedOnWorkers() throws Exception {
    JoinHandle<Object> pending = runtime.spawnAsync(CompletableFuture::new);
    Throwable blockOn = runtime.spawn(() -> catching(() -> runtime.blockOn(
        () -> CompletableFuture.completedFuture(1)))).toCompletableFuture().get(5, SECONDS);
    Throwable join = runtime.spawn(() -> catching(pending.toCompletableFuture()::join))
        .toCompletableFuture().get(5, SECONDS);
    assertThat(blockOn).isInstanceOf(IllegalStateException.class).hasMessageContaining("block");
    assertThat(join).isInstanceOf(IllegalStateException.class).hasMessageContaining("join()");
    pending.abort();
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void failingTaskCompletesExceptionallyAndWorkerSurvives() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<JoinHandle<Void>> failures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      failures.add(runtime.spawn(() -> {
        threads.add(Thread.currentThread().getName());
        throw new IllegalStateException("boom");
      }));
    }
    for (JoinHandle<Void> h : failures) {
      assertThatThrownBy(() -> h.toCompletableFuture().get(5, SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }
    assertThat(runtime.spawn(() -> Thread.currentThread().isAlive())
        .toCompletableFuture().get(5, SECONDS)).isTrue();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (threads.contains(t.getName())) {
        assertThat(t.isAlive()).isTrue();
      }
    }
  }

  @Test
  void abortBeforeRunMeansNeverRun() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Runtime single = Runtime.builder().workers(1).build();
    try {
      single.spawnBlocking(() -> null); // warm nothing; keep the API exercised
      JoinHandle<Void> blocker = single.spawn(() -> awaitQuietly(gate));
      AtomicInteger ran = new AtomicInteger();
      JoinHandle<Integer> victim = single.spawn(ran::incrementAndGet);
      assertThat(victim.abort()).isTrue();
      assertThat(victim.abort()).isFalse();
      gate.countDown();
      blocker.toCompletableFuture().get(5, SECONDS);
      assertThatThrownBy(() -> victim.toCompletableFuture().get(5, SECONDS))
          .isInstanceOf(CancellationException.class);
      single.spawn(() -> { }).toCompletableFuture().get(5, SECONDS);
      assertThat(ran).hasValue(0);
    } finally {
      single.shutdown(Duration.ofSeconds(5));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(10, SECONDS)) {
        throw new AssertionError("latch not released in 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void taskIsPolledAgainWhenWokenDuringPoll() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    TaskHandle h = runtime.spawn(cx -> {
      if (polls.incrementAndGet() < 5) {
        cx.waker().wake();
        return false;
      }
      return true;
    });
    h.toCompletableFuture().get(5, SECONDS);
    assertThat(polls).hasValue(5);
  }

  @Test
  void registeredTaskWaitsForItsFirstWake() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    TaskHandle h = runtime.register(cx -> polls.incrementAndGet() == 2);
    assertThat(runtime.spawn(() -> polls.get()).toCompletableFuture().get(5, SECONDS)).isZero();
    h.wake();
    Await.until("first poll", Duration.ofSeconds(5), () -> polls.get() == 1);
    assertThat(h.isDone()).isFalse();
    h.wake();
    h.toCompletableFuture().get(5, SECONDS);
    assertThat(polls).hasValue(2);
    h.wake(); // waking a finished task does nothing
    assertThat(polls).hasValue(2);
  }

  @Test
  void abortingAnIdleTaskCompletesItAtOnce() {
    TaskHandle h = runtime.register(cx -> false);
    assertThat(h.abort()).isTrue();
    assertThat(h.isDone()).isTrue();
    assertThatThrownBy(() -> h.toCompletableFuture().join()).isInstanceOf(CancellationException.class);
  }

  @Test
  void waitingTaskAbortedWhilePolledFinishesAfterThePoll() throws Exception {
    CountDownLatch inPoll = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<TaskHandle> self = new AtomicReference<>();
    TaskHandle h = runtime.spawn(cx -> {
      inPoll.countDown();
      awaitQuietly(release);
      return false;
    });
    self.set(h);
    assertThat(inPoll.await(5, SECONDS)).isTrue();
    assertThat(h.abort()).isTrue();
    assertThat(h.isDone()).isFalse();
    release.countDown();
    assertThatThrownBy(() -> h.toCompletableFuture().get(5, SECONDS))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void taskExceptionCompletesItsHandle() {
    TaskHandle h = runtime.spawn(cx -> {
      throw new UnsupportedOperationException("no");
    });
    assertThatThrownBy(() -> h.toCompletableFuture().get(5, SECONDS))
        .hasCauseInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void spawnAsyncFollowsTheStageAndAbortCancelsIt() throws Exception {
    CompletableFuture<String> inner = new CompletableFuture<>();
    JoinHandle<String> h = runtime.spawnAsync(() -> inner);
    Await.until("supplier ran", Duration.ofSeconds(5), () -> runtime.metrics().aliveTasks() >= 0
        && inner.getNumberOfDependents() > 0);
    assertThat(h.isDone()).isFalse();
    assertThat(h.abort()).isTrue();
    assertThat(inner.isCancelled()).isTrue();
    assertThatThrownBy(() -> h.toCompletableFuture().get(5, SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThat(runtime.spawnAsync(() -> CompletableFuture.completedFuture("ok"))
        .toCompletableFuture().get(5, SECONDS)).isEqualTo("ok");
  }

  @Test
  void spawnBlockingRunsOffTheWorkersAndCompletesOnAWorker() throws Exception {
    AtomicReference<String> ranOn = new AtomicReference<>();
    AtomicReference<Runtime> current = new AtomicReference<>();
    CountDownLatch attached = new CountDownLatch(1);
    JoinHandle<String> work = runtime.spawnBlocking(() -> {
      ranOn.set(Thread.currentThread().getName());
      current.set(Runtime.current());
      awaitQuietly(attached);
      return "done";
    });
    var continuation = work.thenApply(v -> Thread.currentThread().getName());
    attached.countDown();
    String completedOn = continuation.toCompletableFuture().get(5, SECONDS);
    assertThat(ranOn.get()).doesNotStartWith("test-worker-");
    assertThat(current.get()).isSameAs(runtime);
    assertThat(completedOn).startsWith("test-worker-");
  }

  @Test
  void spawnBlockingFailurePropagates() {
    JoinHandle<Object> h = runtime.spawnBlocking(() -> {
      throw new IOException("disk");
    });
    assertThatThrownBy(() -> h.toCompletableFuture().get(5, SECONDS))
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void runtimeIsAnExecutorForAsyncStages() throws Exception {
    String name = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), runtime)
        .get(5, SECONDS);
    assertThat(name).startsWith("test-worker-");
  }

  @Test
  void hooksSeeSpawnAndPolls() throws Exception {
    AtomicInteger spawns = new AtomicInteger();
    AtomicInteger before = new AtomicInteger();
    AtomicInteger after = new AtomicInteger();
    Runtime hooked = Runtime.builder().workers(1).hooks(new RuntimeHooks() {
      @Override
      public void onSpawn(JoinHandle<?> task) {
        spawns.incrementAndGet();
      }

      @Override
      public void beforePoll(JoinHandle<?> task) {
        before.incrementAndGet();
      }

      @Override
      public void afterPoll(JoinHandle<?> task) {
        after.incrementAndGet();
      }
    }).build();
    try {
      for (int i = 0; i < 10; i++) {
        hooked.spawn(() -> { }).toCompletableFuture().get(5, SECONDS);
      }
      Await.until("after-poll hooks", Duration.ofSeconds(5), () -> after.get() == 10);
      assertThat(spawns).hasValue(10);
      assertThat(before).hasValue(10);
    } finally {
      hooked.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void metricsCountPollsAndAliveTasks() throws Exception {
    TaskHandle idle = runtime.register(cx -> false);
    assertThat(runtime.metrics().workers()).isEqualTo(2);
    assertThat(runtime.metrics().aliveTasks()).isGreaterThanOrEqualTo(1);
    for (int i = 0; i < 100; i++) {
      runtime.spawn(() -> { }).toCompletableFuture().get(5, SECONDS);
    }
    Await.until("100 polls counted", Duration.ofSeconds(5),
        () -> runtime.metrics().totalPolls() >= 100);
    idle.abort();
    Await.until("no task alive", Duration.ofSeconds(5), () -> runtime.metrics().aliveTasks() == 0);
    assertThat(runtime.metrics().injectQueueDepth()).isZero();
  }

  @Test
  void shutdownAbortsIdleTasksRefusesNewOnesAndStopsEveryThread() throws Exception {
    Runtime r = Runtime.builder().workers(2).threadNamePrefix("doomed-").build();
    TaskHandle idle = r.register(cx -> false);
    TaskHandle waiting = r.spawn(cx -> false);
    JoinHandle<Object> blocking = r.spawnBlocking(() -> "x");
    blocking.toCompletableFuture().get(5, SECONDS);
    assertThat(r.shutdown(Duration.ofMillis(50))).isFalse();
    assertThat(idle.isDone()).isTrue();
    assertThatThrownBy(() -> waiting.toCompletableFuture().join())
        .isInstanceOf(CancellationException.class);
    assertThat(r.isShutdown()).isTrue();
    assertThatThrownBy(() -> r.spawn(() -> 1).toCompletableFuture().join())
        .hasCauseInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> r.execute(() -> { }))
        .isInstanceOf(RejectedExecutionException.class);
    r.whenTerminated().toCompletableFuture().get(5, SECONDS);
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertThat(t.getName()).doesNotStartWith("doomed-");
    }
  }

  @Test
  void shutdownLetsRunningTasksFinish() throws Exception {
    Runtime r = Runtime.builder().workers(1).build();
    CompletableFuture<String> slow = new CompletableFuture<>();
    JoinHandle<String> h = r.spawnAsync(() -> slow);
    Thread finisher = new Thread(() -> {
      Await.until("shutdown begun", Duration.ofSeconds(5), r::isShutdown);
      r.spawn(() -> { }); // refused: outside the runtime after shutdown
      slow.complete("finished");
    });
    finisher.start();
    assertThat(r.shutdown(Duration.ofSeconds(10))).isTrue();
    finisher.join(5_000);
    assertThat(h.toCompletableFuture().get(1, SECONDS)).isEqualTo("finished");
  }

  @Test
  void shutdownFromAWorkerIsRefused() throws Exception {
    Throwable t = runtime.spawn(() -> catching(() -> runtime.shutdown(Duration.ZERO)))
        .toCompletableFuture().get(5, SECONDS);
    assertThat(t).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void timerWithTestClockFiresOnAWorkerOnlyWhenTimeMoves() throws Exception {
    dev.eddy.time.TestClock clock = new dev.eddy.time.TestClock();
    Runtime r = Runtime.builder().workers(1).threadNamePrefix("timed-").clock(clock).build();
    try {
      var slept = r.timer().sleep(Duration.ofMinutes(5))
          .thenApply(v -> Thread.currentThread().getName()).toCompletableFuture();
      clock.advance(Duration.ofMinutes(4));
      assertThat(slept).isNotDone();
      clock.advance(Duration.ofMinutes(1));
      assertThat(slept.get(5, SECONDS)).startsWith("timed-");
      var timedOut = r.timer().timeout(r.spawnAsync(CompletableFuture::new), Duration.ofSeconds(1));
      clock.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> timedOut.toCompletableFuture().get(5, SECONDS))
          .hasCauseInstanceOf(dev.eddy.time.TimeoutExceededException.class)
          .hasMessageContaining("PT1S");
    } finally {
      r.shutdown(Duration.ofSeconds(5));
    }
  }
}
