package dev.eddy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Concurrent use of {@link InjectQueue}, with {@link TestTask}s as entries.
 *
 * <ul>
 *   <li>{@link #everyTaskIsTakenExactlyOnceInPerProducerOrder}: four producers push 500,000
 *       distinct tasks each (two one by one, two in batches) while two consumers take batches.
 *       Every task must come out exactly once, and each consumer must see each producer's tasks
 *       in the order they were pushed (a FIFO gives every consumer an increasing subsequence of
 *       each producer's pushes).
 *   <li>{@link #reWokenTasksAreTakenOncePerPush}: a few task objects are pushed again and again
 *       once popped, as woken tasks are (2,000,000 pushes of 64 tasks): two wakers wake random
 *       tasks from outside (one by one, and in batches), and two consumers take them and push
 *       some straight back (a task that yielded). A flag per task, set before its push and
 *       cleared after its pop, keeps each task in the queue at most once; every pop must find
 *       the flag set (no task comes out twice for one push, or without a push), the popped task
 *       must not link into the queue any more, and every push must come out. The pushing stops
 *       after 20 s on a machine too busy for all 2,000,000, and then every push made must still
 *       come out: the count of work never depends on the machine's speed.
 * </ul>
 *
 * <p>Threads stop at a shared deadline; a test fails if they are not all done within 60 s.
 */
class InjectQueueStress {

  private static final int PRODUCERS = 4;
  private static final int PER_PRODUCER = 500_000;
  private static final int TOTAL = PRODUCERS * PER_PRODUCER;
  private static final int CONSUMERS = 2;
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(50);

  private final InjectQueue queue = new InjectQueue();
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

  private void joinAll(List<Thread> threads) throws InterruptedException {
    long joinUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinUntil - System.nanoTime())));
      assertThat(t.isAlive()).as("%s finished within 60 s", t.getName()).isFalse();
    }
    if (failure.get() != null) {
      throw new AssertionError("a worker thread failed", failure.get());
    }
  }

  private void assertQuietAndEmpty() {
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.len()).isZero();
    assertThat(queue.mayHaveWork()).isFalse();
    assertThat(queue.pop()).isNull();
  }

  @Test
  void everyTaskIsTakenExactlyOnceInPerProducerOrder() throws Exception {
    TestTask[] tasks = TestTask.range(TOTAL);
    AtomicIntegerArray counts = new AtomicIntegerArray(TOTAL);
    AtomicInteger seen = new AtomicInteger();
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
              batch[j] = tasks[base + i + j];
            }
            queue.pushBatch(batch, n);
            i += n;
          } else {
            queue.push(tasks[base + i]);
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
        Arrays.fill(last, -1);
        while (seen.get() < TOTAL
            && System.nanoTime() - deadline < 0
            && failure.get() == null) {
          int n = queue.popBatch(out, 1 + rnd.nextInt(out.length));
          for (int i = 0; i < n; i++) {
            int task = ((TestTask) out[i]).id;
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

    joinAll(threads);
    assertThat(seen.get()).as("tasks taken before the deadline").isEqualTo(TOTAL);
    for (int i = 0; i < TOTAL; i++) {
      if (counts.get(i) != 1) {
        throw new AssertionError("task " + i + " taken " + counts.get(i) + " times");
      }
    }
    assertQuietAndEmpty();
  }

  /** Few objects, so that the queue often runs empty and each one comes back many times. */
  private static final int REUSED_TASKS = 64;
  private static final int WAKES = 2_000_000;
  private static final int WAKERS = 2;
  /** Pushes stop after this long even if fewer than WAKES were made (a loaded machine). */
  private static final long PUSHING_NANOS = TimeUnit.SECONDS.toNanos(20);
  /** Fewer pushes than this in PUSHING_NANOS would not be a stress test. */
  private static final int MIN_WAKES = 50_000;

  @Test
  void reWokenTasksAreTakenOncePerPush() throws Exception {
    TestTask[] tasks = TestTask.range(REUSED_TASKS);
    // 1 while the task is queued (or about to be): the test's SCHEDULED flag.
    AtomicIntegerArray queued = new AtomicIntegerArray(REUSED_TASKS);
    AtomicIntegerArray pushes = new AtomicIntegerArray(REUSED_TASKS);
    AtomicIntegerArray pops = new AtomicIntegerArray(REUSED_TASKS);
    AtomicInteger wakeTickets = new AtomicInteger();
    AtomicInteger taken = new AtomicInteger();
    AtomicInteger repushedByConsumers = new AtomicInteger();
    AtomicInteger pushed = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean pushing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    long started = System.nanoTime();
    long pushUntil = started + PUSHING_NANOS;
    long deadline = started + DEADLINE_NANOS;

    // Sets the flag of task id and takes a ticket for its push; false if it is queued already
    // or all the pushes are done (WAKES of them, or the pushing time is over).
    java.util.function.IntPredicate wake = id -> {
      if (!queued.compareAndSet(id, 0, 1)) {
        return false;
      }
      if (!pushing.get() || wakeTickets.getAndIncrement() >= WAKES) {
        queued.set(id, 0);
        return false;
      }
      pushes.incrementAndGet(id);
      pushed.incrementAndGet();
      return true;
    };

    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WAKERS; w++) {
      boolean batched = w % 2 == 1;
      int seed = w;
      threads.add(start("waker-" + w, () -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        Object[] batch = new Object[8];
        int n = 0;
        int limit = 1 + rnd.nextInt(batch.length);
        while (wakeTickets.get() < WAKES
            && System.nanoTime() - pushUntil < 0
            && failure.get() == null) {
          int id = rnd.nextInt(REUSED_TASKS);
          if (!wake.test(id)) {
            continue;
          }
          if (!batched) {
            queue.push(tasks[id]);
            continue;
          }
          batch[n++] = tasks[id];
          if (n == limit) {
            queue.pushBatch(batch, n);
            Arrays.fill(batch, null);
            n = 0;
            limit = 1 + rnd.nextInt(batch.length);
          }
        }
        queue.pushBatch(batch, n); // what it holds has tickets: it must be pushed
      }));
    }
    for (int c = 0; c < CONSUMERS; c++) {
      int seed = 100 + c;
      threads.add(start("consumer-" + c, () -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        Object[] out = new Object[8];
        // Until the pushing is over and every push has come out; the deadline only ends a run
        // whose pushes are lost.
        while ((pushing.get() || taken.get() < pushed.get())
            && System.nanoTime() - deadline < 0
            && failure.get() == null) {
          int n;
          if (rnd.nextBoolean()) {
            RawTask<?> t = queue.pop();
            out[0] = t;
            n = t == null ? 0 : 1;
          } else {
            n = queue.popBatch(out, 1 + rnd.nextInt(out.length));
          }
          for (int i = 0; i < n; i++) {
            TestTask t = (TestTask) out[i];
            out[i] = null;
            if (t.injectNext != null) {
              throw new AssertionError(t + " still links into the queue after its pop");
            }
            if (!queued.compareAndSet(t.id, 1, 0)) {
              throw new AssertionError(t + " popped while not queued (twice for one push?)");
            }
            pops.incrementAndGet(t.id);
            taken.incrementAndGet();
            // Sometimes the task yielded: it goes straight back, link and all.
            if (rnd.nextInt(4) == 0 && wake.test(t.id)) {
              queue.push(t);
              repushedByConsumers.incrementAndGet();
            }
          }
        }
      }));
    }

    joinAll(threads.subList(0, WAKERS));
    pushing.set(false);
    joinAll(threads);
    assertThat(taken.get()).as("pushes taken before the deadline").isEqualTo(pushed.get());
    assertThat(pushed.get()).as("pushes made (a stress test needs many)")
        .isGreaterThanOrEqualTo(MIN_WAKES);
    for (int i = 0; i < REUSED_TASKS; i++) {
      assertThat(pops.get(i)).as("pops of task %d", i).isEqualTo(pushes.get(i));
      assertThat(queued.get(i)).as("task %d still flagged as queued", i).isZero();
    }
    assertThat(repushedByConsumers.get()).as("tasks pushed again at once by a consumer")
        .isPositive();
    assertQuietAndEmpty();
  }
}
