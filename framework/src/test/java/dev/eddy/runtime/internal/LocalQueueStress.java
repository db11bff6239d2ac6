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
 * One owner pushes 2,000,000 distinct tasks ({@link TestTask}s, told apart by their ids) into a
 * small {@link LocalQueue} (popping some itself) while three thieves steal from it and from each
 * other into their own queues; a full queue overflows into the real {@link InjectQueue}, which
 * everyone also pops. Every task must be seen exactly once. Each thread stops at a shared
 * deadline, and the test fails if they are not all done within 60 s.
 */
class LocalQueueStress {

  private static final int TASKS = 2_000_000;
  private static final int THIEVES = 3;
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(50);

  private final AtomicIntegerArray counts = new AtomicIntegerArray(TASKS);
  private final AtomicInteger seen = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final InjectQueue inject = new InjectQueue();
  private final TestTask[] tasks = TestTask.range(TASKS);
  private final AtomicInteger overflowBatches = new AtomicInteger();
  private final AtomicInteger steals = new AtomicInteger();

  private void record(RawTask<?> t) {
    int task = ((TestTask) t).id;
    int c = counts.incrementAndGet(task);
    if (c != 1) {
      throw new AssertionError("task " + task + " seen " + c + " times");
    }
    seen.incrementAndGet();
  }

  private boolean unfinished(long deadline) {
    return seen.get() < TASKS && System.nanoTime() - deadline < 0 && failure.get() == null;
  }

  /** Takes a batch from the shared overflow queue; false if it was empty. */
  private boolean popInject(Object[] buf) {
    int n = inject.popBatch(buf, buf.length);
    for (int i = 0; i < n; i++) {
      record((RawTask<?>) buf[i]);
      buf[i] = null;
    }
    return n > 0;
  }

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
  void everyTaskIsSeenExactlyOnce() throws Exception {
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    LocalQueue<RawTask<?>> owner = new LocalQueue<>(16);
    List<LocalQueue<RawTask<?>>> thiefQueues = new ArrayList<>();
    for (int k = 0; k < THIEVES; k++) {
      thiefQueues.add(new LocalQueue<>(4 << k)); // 4, 8, 16: smaller and equal to the owner's
    }
    // Batches from one push are in push order; they go on to the shared queue.
    LocalQueue.Overflow<RawTask<?>> overflow = (batch, count) -> {
      for (int i = 1; i < count; i++) {
        if (((TestTask) batch[i - 1]).id >= ((TestTask) batch[i]).id) {
          throw new AssertionError("overflow batch out of order at " + i);
        }
      }
      overflowBatches.incrementAndGet();
      inject.pushBatch(batch, count);
    };

    List<Thread> threads = new ArrayList<>();
    threads.add(start("owner", () -> {
      SplittableRandom rnd = new SplittableRandom(1);
      Object[] buf = new Object[8];
      int lastPopped = -1;
      for (int i = 0; i < TASKS && failure.get() == null; i++) {
        owner.push(tasks[i], overflow);
        if (rnd.nextInt(4) == 0) {
          RawTask<?> t = owner.pop();
          if (t != null) {
            // FIFO: what remains of the owner's queue comes out in push order.
            assertThat(((TestTask) t).id).isGreaterThan(lastPopped);
            lastPopped = ((TestTask) t).id;
            record(t);
          }
        }
      }
      while (unfinished(deadline)) {
        RawTask<?> t = owner.pop();
        if (t != null) {
          assertThat(((TestTask) t).id).isGreaterThan(lastPopped);
          lastPopped = ((TestTask) t).id;
          record(t);
        } else {
          popInject(buf);
        }
      }
    }));
    for (int k = 0; k < THIEVES; k++) {
      int me = k;
      threads.add(start("thief-" + k, () -> {
        SplittableRandom rnd = new SplittableRandom(100 + me);
        LocalQueue<RawTask<?>> own = thiefQueues.get(me);
        Object[] buf = new Object[4];
        while (unfinished(deadline)) {
          RawTask<?> t = own.pop();
          if (t == null) {
            // Mostly the owner; sometimes another thief, which may be stealing at the time.
            int v = rnd.nextInt(THIEVES + 1);
            LocalQueue<RawTask<?>> victim = v >= THIEVES || v == me ? owner : thiefQueues.get(v);
            t = victim.stealInto(own);
            if (t != null) {
              steals.incrementAndGet();
            }
          }
          if (t != null) {
            record(t);
          } else {
            popInject(buf);
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
    assertThat(seen.get()).as("tasks seen before the deadline").isEqualTo(TASKS);
    for (int i = 0; i < TASKS; i++) {
      if (counts.get(i) != 1) {
        throw new AssertionError("task " + i + " seen " + counts.get(i) + " times");
      }
    }
    assertThat(owner.isEmpty()).isTrue();
    assertThat(inject.isEmpty()).isTrue();
    assertThat(inject.len()).isZero();
    assertThat(inject.mayHaveWork()).isFalse();
    for (LocalQueue<RawTask<?>> q : thiefQueues) {
      assertThat(q.isEmpty()).isTrue();
    }
    // Both contended paths were exercised.
    assertThat(steals.get()).isPositive();
    assertThat(overflowBatches.get()).isPositive();
  }
}
