package dev.eddy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The striped intrusive registry of idle tasks that shutdown aborts. */
class TaskRegistryTest {

  static final class Entry extends TrackedTask<Void> {
    Entry() {
      super(null, false);
    }

    @Override
    protected boolean poll(Worker worker) {
      throw new IllegalStateException("not runnable");
    }
  }

  @Test
  void addRemoveAndDrainKeepExactlyTheTrackedTasks() {
    TaskRegistry registry = new TaskRegistry(2);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Entry e = new Entry();
      entries.add(e);
      registry.add(e, null);
    }
    registry.add(entries.get(0), null); // twice is once
    registry.remove(entries.get(3));
    registry.remove(entries.get(9)); // the head of its stripe
    registry.remove(entries.get(0));
    registry.remove(entries.get(0)); // twice is once
    assertThat(registry.size()).isEqualTo(7);

    List<TrackedTask<?>> drained = registry.drain();
    assertThat(new HashSet<>(drained)).containsExactlyInAnyOrderElementsOf(
        List.of(entries.get(1), entries.get(2), entries.get(4), entries.get(5), entries.get(6),
            entries.get(7), entries.get(8)));
    assertThat(registry.size()).isZero();
    registry.remove(entries.get(1)); // drained: no longer tracked, a no-op
    assertThat(registry.drain()).isEmpty();
  }

  @Test
  void concurrentAddsAndRemovesFromManyThreadsLeaveExactlyTheSurvivors() throws Exception {
    TaskRegistry registry = new TaskRegistry(2);
    int threads = 4;
    int perThread = 50_000;
    Entry[][] made = new Entry[threads][perThread];
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int id = t;
      new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          made[id][i] = new Entry();
          registry.add(made[id][i], null);
          // Remove another thread's entry sometimes: removal comes from any thread.
          if (i % 2 == 1) {
            registry.remove(made[id][i - 1]);
          }
        }
        done.countDown();
      }).start();
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(registry.size()).isEqualTo(threads * perThread / 2);
  }
}
