package dev.eddy.runtime;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Every task is counted as finished exactly once and leaves the registry of idle tasks, whatever
 * completes its handle: the task, an outside {@code complete}, an abort racing its start, a hook
 * that fails, or a full blocking pool.
 */
class TaskAccountingTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void anAsyncTaskWhoseHandleWasCompletedFromOutsideIsStillCountedAsFinished() throws Exception {
    try (Runtime r = Runtime.builder().workers(1).build()) {
      CountDownLatch supplied = new CountDownLatch(1);
      CompletableFuture<String> inner = new CompletableFuture<>();
      JoinHandle<String> h = r.spawnAsync(() -> {
        supplied.countDown();
        return inner;
      });
      assertThat(supplied.await(10, SECONDS)).isTrue();
      h.toCompletableFuture().complete("mine"); // allowed: the task's own result is then ignored
      inner.complete("the task's");
      Await.until("the task is counted as finished", PATIENCE,
          () -> r.metrics().aliveTasks() == 0);
      Await.until("the task left the registry", PATIENCE,
          () -> r.scheduler().trackedTasks() == 0);
      assertThat(h.toCompletableFuture().join()).isEqualTo("mine");
      assertThat(r.shutdown(PATIENCE)).isTrue();
    }
  }

  @Test
  void abortingAnAsyncTaskWhoseHandleTimedOutStillCancelsItsStage() throws Exception {
    try (Runtime r = Runtime.builder().workers(1).build()) {
      CountDownLatch supplied = new CountDownLatch(1);
      CompletableFuture<String> inner = new CompletableFuture<>();
      JoinHandle<String> h = r.spawnAsync(() -> {
        supplied.countDown();
        return inner;
      });
      assertThat(supplied.await(10, SECONDS)).isTrue();
      h.toCompletableFuture().completeExceptionally(new java.util.concurrent.TimeoutException());
      h.abort();
      // The supplier may not have returned yet: then the stage is cancelled once its poll ends.
      Await.until("the inner stage is cancelled", PATIENCE, inner::isCancelled);
      Await.until("the task is counted as finished", PATIENCE,
          () -> r.metrics().aliveTasks() == 0);
      assertThat(r.scheduler().trackedTasks()).isZero();
    }
  }

  @Test
  void blockingWorkWhoseHandleWasCompletedBeforeItStartedIsStillCountedAsFinished()
      throws Exception {
    try (Runtime r = Runtime.builder().workers(1).blockingMaxThreads(1).build()) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      JoinHandle<Boolean> first = r.spawnBlocking(() -> {
        started.countDown();
        return release.await(30, SECONDS);
      });
      assertThat(started.await(10, SECONDS)).isTrue();
      AtomicBoolean ran = new AtomicBoolean();
      JoinHandle<String> queued = r.spawnBlocking(() -> {
        ran.set(true);
        return "the task's";
      });
      queued.toCompletableFuture().complete("mine");
      release.countDown();
      assertThat(first.toCompletableFuture().get(10, SECONDS)).isTrue();
      Await.until("the work ran", PATIENCE, ran::get);
      Await.until("both tasks are counted as finished", PATIENCE,
          () -> r.metrics().aliveTasks() == 0);
      assertThat(r.shutdown(PATIENCE)).isTrue();
    }
  }

  @Test
  void abortRacingTheStartOfAnAsyncTaskLeavesNothingInTheRegistry() {
    try (Runtime r = Runtime.builder().workers(2).build()) {
      for (int i = 0; i < 20_000; i++) {
        AtomicBoolean supplied = new AtomicBoolean();
        JoinHandle<Object> h = r.spawnAsync(() -> {
          supplied.set(true);
          return new CompletableFuture<>();
        });
        // Abort right as the supplier returns: between publishing the stage and tracking it.
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!supplied.get() && !h.isDone()) {
          assertThat(System.nanoTime() - deadline).as("the supplier ran").isNegative();
          Thread.onSpinWait();
        }
        h.abort();
      }
      Await.until("every task counted as finished", PATIENCE,
          () -> r.metrics().aliveTasks() == 0);
      assertThat(r.scheduler().trackedTasks()).as("tasks left in the registry").isZero();
    }
  }

  @Test
  void aFatalErrorFromAfterPollDoesNotLeaveTheTaskRunningForever() {
    AtomicInteger polls = new AtomicInteger();
    AtomicBoolean thrown = new AtomicBoolean();
    RuntimeHooks hooks = new RuntimeHooks() {
      @Override
      public void afterPoll(JoinHandle<?> task) {
        if (polls.get() == 1 && thrown.compareAndSet(false, true)) {
          throw new StackOverflowError("test: afterPoll fails");
        }
      }
    };
    try (Runtime r = Runtime.builder().workers(2).hooks(hooks).build()) {
      AtomicReference<Waker> waker = new AtomicReference<>();
      TaskHandle h = r.spawn(cx -> {
        waker.set(cx.waker());
        return polls.incrementAndGet() >= 2;
      });
      Await.until("the hook threw", PATIENCE, thrown::get);
      waker.get().wake();
      Await.until("the task is polled again and finishes", PATIENCE, h::isDone);
      assertThat(polls).hasValue(2);
    }
  }

  @Test
  void aFatalErrorFromOnSpawnLeavesNoTaskCountedAlive() {
    AtomicBoolean fail = new AtomicBoolean();
    RuntimeHooks hooks = new RuntimeHooks() {
      @Override
      public void onSpawn(JoinHandle<?> task) {
        if (fail.getAndSet(false)) {
          throw new StackOverflowError("test: onSpawn fails");
        }
      }
    };
    Runtime r = Runtime.builder().workers(1).hooks(hooks).build();
    fail.set(true);
    assertThatThrownBy(() -> r.register(cx -> false)).isInstanceOf(StackOverflowError.class);
    assertThat(r.metrics().aliveTasks()).isZero();
    assertThat(r.scheduler().trackedTasks()).isZero();
    assertThat(r.shutdown(Duration.ofSeconds(5))).as("clean shutdown").isTrue();
  }

  @Test
  void blockingWorkBeyondTheQueueBoundIsRefusedWithTheLimitNamed() throws Exception {
    try (Runtime r = Runtime.builder().workers(1).blockingMaxThreads(1).blockingMaxQueued(1)
        .build()) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      JoinHandle<Boolean> running = r.spawnBlocking(() -> {
        started.countDown();
        return release.await(30, SECONDS);
      });
      assertThat(started.await(10, SECONDS)).isTrue();
      JoinHandle<String> queued = r.spawnBlocking(() -> "queued");
      JoinHandle<String> refused = r.spawnBlocking(() -> "refused");
      assertThatThrownBy(() -> refused.toCompletableFuture().get(10, SECONDS))
          .hasCauseInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("eddy.runtime.blocking.max-queued = 1");
      release.countDown();
      assertThat(running.toCompletableFuture().get(10, SECONDS)).isTrue();
      assertThat(queued.toCompletableFuture().get(10, SECONDS)).isEqualTo("queued");
      Await.until("every task counted as finished", PATIENCE,
          () -> r.metrics().aliveTasks() == 0);
      assertThat(r.shutdown(PATIENCE)).isTrue();
    }
  }
}
