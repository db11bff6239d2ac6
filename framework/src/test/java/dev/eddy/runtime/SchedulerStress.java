package dev.eddy.runtime;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The scheduler under contention: many threads, many iterations, each bounded by a deadline. */
class SchedulerStress {

  private static Runtime runtime(int workers) {
    return Runtime.builder().workers(workers).localQueueCapacity(64).build();
  }

  @Test
  void millionsOfSpawnsFromManyThreadsRunExactlyOnce() throws Exception {
    int threads = 4;
    int perThread = 500_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(threads * perThread);
    CountDownLatch done = new CountDownLatch(threads * perThread);
    try (Runtime rt = runtime(2)) {
      onThreads(threads, t -> {
        int base = t * perThread;
        for (int i = 0; i < perThread; i++) {
          int slot = base + i;
          rt.spawn(() -> {
            runs.incrementAndGet(slot);
            done.countDown();
          });
        }
      });
      assertThat(done.await(60, SECONDS)).as("all tasks ran within 60 s").isTrue();
    }
    for (int i = 0; i < runs.length(); i++) {
      if (runs.get(i) != 1) {
        throw new AssertionError("task " + i + " ran " + runs.get(i) + " times");
      }
    }
  }

  @Test
  void spawnsFromInsideTasksRunExactlyOnce() throws Exception {
    int roots = 1_000;
    int fanOut = 500;
    AtomicIntegerArray runs = new AtomicIntegerArray(roots * fanOut);
    CountDownLatch done = new CountDownLatch(roots * fanOut);
    try (Runtime rt = runtime(2)) {
      for (int r = 0; r < roots; r++) {
        int base = r * fanOut;
        rt.spawn(() -> {
          for (int i = 0; i < fanOut; i++) {
            int slot = base + i;
            Runtime.current().spawn(() -> {
              runs.incrementAndGet(slot);
              done.countDown();
            });
          }
        });
      }
      assertThat(done.await(60, SECONDS)).isTrue();
    }
    for (int i = 0; i < runs.length(); i++) {
      assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
    }
  }

  @Test
  void wakeStormNeverRunsATaskTwiceAtOnceAndLosesNoWake() throws Exception {
    int wakers = 8;
    int wakesEach = 100_000;
    AtomicBoolean inside = new AtomicBoolean();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicLong polls = new AtomicLong();
    AtomicLong seen = new AtomicLong(); // wakes observed by the task (it reads the counter)
    AtomicLong sent = new AtomicLong();
    AtomicBoolean finish = new AtomicBoolean();
    try (Runtime rt = runtime(2)) {
      TaskHandle h = rt.spawn(cx -> {
        if (!inside.compareAndSet(false, true)) {
          overlaps.incrementAndGet();
        }
        polls.incrementAndGet();
        seen.set(sent.get());
        boolean done = finish.get() && seen.get() == (long) wakers * wakesEach;
        inside.set(false);
        return done;
      });
      wakeFromThreads(h, sent, wakers, wakesEach);
      finish.set(true);
      h.wake();
      // Every wake after the last increment must lead to a poll that sees the final count.
      h.toCompletableFuture().get(30, SECONDS);
    }
    assertThat(overlaps).hasValue(0);
    assertThat(polls.get()).isBetween(1L, (long) wakers * wakesEach + 2);
  }

  @Test
  void selfWakesMixedWithForeignWakesLoseNothing() throws Exception {
    int wakers = 4;
    int wakesEach = 100_000;
    AtomicBoolean inside = new AtomicBoolean();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicLong sent = new AtomicLong();
    AtomicLong polls = new AtomicLong();
    AtomicBoolean finish = new AtomicBoolean();
    try (Runtime rt = runtime(2)) {
      TaskHandle h = rt.spawn(cx -> {
        if (!inside.compareAndSet(false, true)) {
          overlaps.incrementAndGet();
        }
        long n = polls.incrementAndGet();
        boolean done = finish.get() && sent.get() == (long) wakers * wakesEach;
        if (!done && n % 3 == 0) {
          cx.waker().wake(); // a yield, racing with the foreign wakes below
        }
        inside.set(false);
        return done;
      });
      wakeFromThreads(h, sent, wakers, wakesEach);
      finish.set(true);
      h.wake();
      h.toCompletableFuture().get(30, SECONDS);
    }
    assertThat(overlaps).hasValue(0);
  }

  /** {@code threads} threads each count into {@code sent} and wake {@code h}, {@code each} times. */
  private static void wakeFromThreads(TaskHandle h, AtomicLong sent, int threads, int each)
      throws InterruptedException {
    onThreads(threads, t -> {
      for (int i = 0; i < each; i++) {
        sent.incrementAndGet();
        h.wake();
      }
    });
  }

  /** Runs {@code body} on {@code count} new threads (given their index) and waits for them. */
  private static void onThreads(int count, java.util.function.IntConsumer body)
      throws InterruptedException {
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      int index = t;
      Thread thread = new Thread(() -> body.accept(index));
      started.add(thread);
      thread.start();
    }
    for (Thread t : started) {
      t.join(60_000);
      assertThat(t.isAlive()).as("thread finished within 60 s").isFalse();
    }
  }

  @Test
  void idleWorkerStealsFromABlockedOne() throws Exception {
    int tasks = 100;
    Set<String> ranOn = ConcurrentHashMap.newKeySet();
    CountDownLatch ran = new CountDownLatch(tasks);
    try (Runtime rt = Runtime.builder().workers(2).threadNamePrefix("steal-").build()) {
      // The spawning task keeps its worker busy until its children have run: they sit in its
      // local queue, so only the other worker stealing them can make progress. The last child
      // sits in the LIFO slot, which thieves cannot take (as in Tokio), so it waits for the
      // parent to return.
      JoinHandle<Boolean> parent = rt.spawn(() -> {
        for (int i = 0; i < tasks; i++) {
          Runtime.current().spawn(() -> {
            ranOn.add(Thread.currentThread().getName());
            ran.countDown();
          });
        }
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (ran.getCount() > 1 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        return ran.getCount() <= 1;
      });
      assertThat(parent.toCompletableFuture().get(40, SECONDS)).as("children ran").isTrue();
      assertThat(ran.await(10, SECONDS)).as("the LIFO child ran after its parent").isTrue();
      assertThat(rt.metrics().totalSteals()).isPositive();
      String parentThread = rt.spawn(() -> Thread.currentThread().getName())
          .toCompletableFuture().get(5, SECONDS);
      assertThat(ranOn).isNotEmpty();
      assertThat(parentThread).startsWith("steal-");
    }
  }

  @Test
  void pingPongBetweenTwoTasksCompletesEveryRound() throws Exception {
    int rounds = 1_000_000;
    AtomicInteger turn = new AtomicInteger();
    TaskHandle[] pair = new TaskHandle[2];
    try (Runtime rt = runtime(2)) {
      for (int side = 0; side < 2; side++) {
        int me = side;
        pair[side] = rt.register(cx -> {
          int t = turn.get();
          if (t >= rounds) {
            pair[1 - me].wake();
            return true;
          }
          if (t % 2 == me) {
            turn.incrementAndGet();
            pair[1 - me].wake();
          }
          return false;
        });
      }
      pair[0].wake();
      CompletableFuture.allOf(pair[0].toCompletableFuture(), pair[1].toCompletableFuture())
          .get(60, SECONDS);
    }
    assertThat(turn.get()).isEqualTo(rounds);
  }

  @Test
  void selfWakingTasksDoNotStarveOthers() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    try (Runtime rt = Runtime.builder().workers(1).build()) {
      List<TaskHandle> spinners = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        spinners.add(rt.spawn(cx -> {
          if (stop.get()) {
            return true;
          }
          cx.waker().wake();
          return false;
        }));
      }
      // Work from outside and work spawned locally must both get through.
      assertThat(rt.spawn(() -> Runtime.current().spawn(() -> "local"))
          .thenCompose(h -> h).toCompletableFuture().get(10, SECONDS)).isEqualTo("local");
      stop.set(true);
      for (TaskHandle s : spinners) {
        s.toCompletableFuture().get(10, SECONDS);
      }
    }
  }

  @Test
  void repeatedStartAndShutdownLeavesNoThreads() {
    for (int i = 0; i < 50; i++) {
      Runtime rt = Runtime.builder().workers(2).threadNamePrefix("cycle-").build();
      for (int j = 0; j < 100; j++) {
        rt.spawn(() -> { });
      }
      rt.register(cx -> false);
      rt.shutdown(Duration.ofMillis(10));
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertThat(t.getName()).doesNotStartWith("cycle-");
    }
  }
}
