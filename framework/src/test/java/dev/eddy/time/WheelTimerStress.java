package dev.eddy.time;

import static dev.eddy.time.WheelTimerTest.ms;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads creating and cancelling timers while another thread drives the wheel. */
class WheelTimerStress {

  private static final int THREADS = 8;
  private static final int TIMERS_PER_THREAD = 10_000;
  private static final int MAX_DELAY_MS = 200; // a 64 ms wheel: up to three rounds out

  @Test
  @Timeout(10)
  void everyTimerFiresExactlyOnceUnlessItsCancelSucceeded() throws Exception {
    TestClock clock = new TestClock();
    int total = THREADS * TIMERS_PER_THREAD;
    AtomicIntegerArray fired = new AtomicIntegerArray(total);
    // Each slot is written by one producer and read after joining it.
    boolean[] cancelSucceeded = new boolean[total];
    List<List<CompletableFuture<Void>>> sleeps = new ArrayList<>(); // one list per producer

    try (WheelTimer timer = new WheelTimer(clock, Runnable::run, ms(1), 64, "stress")) {
      timer.start();
      AtomicBoolean producing = new AtomicBoolean(true);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread ticker =
          new Thread(
              () -> {
                while (producing.get()) {
                  clock.advance(ms(1));
                }
              },
              "stress-ticker");
      CyclicBarrier go = new CyclicBarrier(THREADS + 1);
      List<Thread> producers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t * TIMERS_PER_THREAD;
        List<CompletableFuture<Void>> mySleeps = new ArrayList<>();
        sleeps.add(mySleeps);
        Thread producer =
            new Thread(
                () -> {
                  try {
                    go.await();
                    produce(timer, first, fired, cancelSucceeded, mySleeps);
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                },
                "stress-producer-" + t);
        producers.add(producer);
        producer.start();
      }
      ticker.start();
      go.await(5, SECONDS);
      for (Thread producer : producers) {
        producer.join();
      }
      producing.set(false);
      ticker.join();
      assertThat(failure.get()).isNull();

      clock.advance(ms(MAX_DELAY_MS + 10));
      clock.advance(Duration.ZERO);

      for (int id = 0; id < total; id++) {
        int expected = cancelSucceeded[id] ? 0 : 1;
        assertThat(fired.get(id)).as("runs of timer %d", id).isEqualTo(expected);
      }
      assertThat(sleeps).allSatisfy(mine -> assertThat(mine).allMatch(CompletableFuture::isDone));
      assertThat(timer.pendingCount()).isZero();
    }
  }

  @Test
  @Timeout(10)
  void realClockSleepsFromManyThreadsAllCompleteAndNeverEarly() throws Exception {
    int threads = 4;
    int perThread = 5_000;
    List<List<CompletableFuture<Long>>> lateness = new ArrayList<>();
    try (WheelTimer timer =
        new WheelTimer(Clock.system(), Runnable::run, ms(1), 256, "stress-real")) {
      timer.start();
      CyclicBarrier go = new CyclicBarrier(threads);
      List<Thread> producers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<CompletableFuture<Long>> mine = new ArrayList<>();
        lateness.add(mine);
        Thread producer =
            new Thread(
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  awaitQuietly(go);
                  for (int i = 0; i < perThread; i++) {
                    long delay = ms(random.nextInt(21)).toNanos();
                    long start = System.nanoTime();
                    mine.add(
                        timer
                            .sleep(Duration.ofNanos(delay))
                            .thenApply(ignored -> System.nanoTime() - start - delay)
                            .toCompletableFuture());
                    if (i % 500 == 0) {
                      // Let the wheel go idle now and then, to race adders with its parking.
                      mine.get(i).join();
                    }
                  }
                },
                "stress-real-" + t);
        producers.add(producer);
        producer.start();
      }
      for (Thread producer : producers) {
        producer.join();
      }
      for (List<CompletableFuture<Long>> mine : lateness) {
        CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).get(5, SECONDS);
        assertThat(mine).allSatisfy(late -> assertThat(late.join()).isNotNegative());
      }
    }
  }

  private static void awaitQuietly(CyclicBarrier barrier) {
    try {
      barrier.await(5, SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("producers did not start together", e);
    }
  }

  private static void produce(
      WheelTimer timer,
      int first,
      AtomicIntegerArray fired,
      boolean[] cancelSucceeded,
      List<CompletableFuture<Void>> sleeps) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Cancellable> recent = new ArrayList<>();
    List<Integer> recentIds = new ArrayList<>();
    for (int i = 0; i < TIMERS_PER_THREAD; i++) {
      int id = first + i;
      // Half due within a few ticks, so that cancellations often race with firing.
      Duration delay = ms(random.nextInt(random.nextBoolean() ? 4 : MAX_DELAY_MS + 1));
      if (random.nextInt(8) == 0) {
        sleeps.add(
            timer.sleep(delay).thenRun(() -> fired.incrementAndGet(id)).toCompletableFuture());
        continue;
      }
      recent.add(timer.schedule(delay, () -> fired.incrementAndGet(id)));
      recentIds.add(id);
      // Cancel about a third, some at once and some a while later, racing with their firing.
      if (random.nextInt(3) == 0) {
        int pick = random.nextInt(recent.size());
        cancelSucceeded[recentIds.get(pick)] |= recent.get(pick).cancel();
      }
      if (recent.size() > 32) {
        recent.remove(0);
        recentIds.remove(0);
      }
    }
  }
}
