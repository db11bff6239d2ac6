package dev.eddy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Four producers push 500,000 tasks each into an {@link InjectQueue} (two one by one, two in
 * batches) while two consumers take batches. Every task must come out exactly once, and each
 * consumer must see each producer's tasks in the order they were pushed (a FIFO gives every
 * consumer an increasing subsequence of each producer's pushes). Threads stop at a shared
 * deadline; the test fails if they are not all done within 60 s.
 */
class InjectQueueStress {

  private static final int PRODUCERS = 4;
  private static final int PER_PRODUCER = 500_000;
  private static final int TOTAL = PRODUCERS * PER_PRODUCER;
  private static final int CONSUMERS = 2;
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(50);

  private final InjectQueue<Integer> queue = new InjectQueue<>();
  private final AtomicIntegerArray counts = new AtomicIntegerArray(TOTAL);
  private final AtomicInteger seen = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private Thread start(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    }, name);
    t.start();
    return t;
  }

  @Test
  void everyTaskIsTakenExactlyOnceInPerProducerOrder() throws Exception {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int base = p * PER_PRODUCER;
      boolean batched = p % 2 == 1;
      int seed = p;
      threads.add(start("producer-" + p, () -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        Object[] batch = new Object[8];
        int i = 0;
        while (i < PER_PRODUCER && failure.get() == null) {
          if (batched) {
            int n = Math.min(1 + rnd.nextInt(batch.length), PER_PRODUCER - i);
            for (int j = 0; j < n; j++) {
              batch[j] = base + i + j;
            }
            queue.pushBatch(batch, n);
            i += n;
          } else {
            queue.push(base + i);
            i++;
          }
        }
      }));
    }
    for (int c = 0; c < CONSUMERS; c++) {
      int seed = 100 + c;
      threads.add(start("consumer-" + c, () -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        Object[] out = new Object[16];
        int[] last = new int[PRODUCERS];
        java.util.Arrays.fill(last, -1);
        while (seen.get() < TOTAL
            && System.nanoTime() - deadline < 0
            && failure.get() == null) {
          int n = queue.popBatch(out, 1 + rnd.nextInt(out.length));
          for (int i = 0; i < n; i++) {
            int task = (Integer) out[i];
            out[i] = null;
            int producer = task / PER_PRODUCER;
            if (task <= last[producer]) {
              throw new AssertionError(
                  "producer " + producer + ": " + task + " after " + last[producer]);
            }
            last[producer] = task;
            int count = counts.incrementAndGet(task);
            if (count != 1) {
              throw new AssertionError("task " + task + " taken " + count + " times");
            }
          }
          if (n > 0) {
            seen.addAndGet(n);
          }
        }
      }));
    }

    long joinUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinUntil - System.nanoTime())));
      assertThat(t.isAlive()).as("%s finished within 60 s", t.getName()).isFalse();
    }
    if (failure.get() != null) {
      throw new AssertionError("a worker thread failed", failure.get());
    }
    assertThat(seen.get()).as("tasks taken before the deadline").isEqualTo(TOTAL);
    for (int i = 0; i < TOTAL; i++) {
      if (counts.get(i) != 1) {
        throw new AssertionError("task " + i + " taken " + counts.get(i) + " times");
      }
    }
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.len()).isZero();
    assertThat(queue.pop()).isNull();
  }
}
