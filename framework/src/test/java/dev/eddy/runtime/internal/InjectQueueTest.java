package dev.eddy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-threaded semantics of {@link InjectQueue}. */
class InjectQueueTest {

  /** The ids of {@code out[0..)} ({@code null} for an empty slot). */
  private static List<Integer> ids(Object[] out) {
    List<Integer> ids = new ArrayList<>(out.length);
    for (Object o : out) {
      ids.add(TestTask.idOf(o));
    }
    return ids;
  }

  private static Integer popId(InjectQueue q) {
    return TestTask.idOf(q.pop());
  }

  /** Quiet queue: isEmpty, len and the mayHaveWork hint all agree with {@code expectedLen}. */
  private static void assertQuietLen(InjectQueue q, int expectedLen) {
    assertThat(q.len()).isEqualTo(expectedLen);
    assertThat(q.isEmpty()).isEqualTo(expectedLen == 0);
    assertThat(q.mayHaveWork()).isEqualTo(expectedLen != 0);
  }

  @Test
  void emptyQueue() {
    InjectQueue q = new InjectQueue();
    assertThat(q.pop()).isNull();
    assertThat(q.popBatch(new Object[4], 4)).isZero();
    assertThat(q.len()).isZero();
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.mayHaveWork()).isFalse();
  }

  @Test
  void fifoAcrossPushAndPushBatch() {
    InjectQueue q = new InjectQueue();
    TestTask[] t = TestTask.range(100);
    q.push(t[1]);
    q.pushBatch(new Object[] {t[2], t[3], t[99]}, 2); // only batch[0..count)
    q.pushBatch(new Object[] {t[98]}, 0);
    q.push(t[4]);
    assertThat(q.len()).isEqualTo(4);
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.mayHaveWork()).isTrue();
    assertThat(popId(q)).isEqualTo(1);
    Object[] out = new Object[5];
    assertThat(q.popBatch(out, 5)).isEqualTo(3);
    assertThat(ids(out)).containsExactly(2, 3, 4, null, null);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.len()).isZero();
    assertThat(q.mayHaveWork()).isFalse();
    // The tasks left out of the batches were never linked.
    assertThat(t[99].injectNext).isNull();
    assertThat(t[98].injectNext).isNull();
  }

  @Test
  void popBatchIsBoundedByMaxAndByTheArray() {
    InjectQueue q = new InjectQueue();
    TestTask[] t = TestTask.range(10);
    for (int i = 0; i < 10; i++) {
      q.push(t[i]);
    }
    Object[] out = new Object[3];
    assertThat(q.popBatch(out, 2)).isEqualTo(2);
    assertThat(ids(out)).containsExactly(0, 1, null);
    out = new Object[3];
    assertThat(q.popBatch(out, 100)).isEqualTo(3);
    assertThat(ids(out)).containsExactly(2, 3, 4);
    assertThat(q.popBatch(new Object[3], 0)).isZero();
    assertThat(q.popBatch(new Object[3], -1)).isZero();
    assertThat(q.popBatch(new Object[0], 5)).isZero();
    assertThat(q.len()).isEqualTo(5);
    assertThat(popId(q)).isEqualTo(5);
  }

  /**
   * push reports whether the tail it replaced was the queue's stub, i.e. (single-threaded)
   * whether the queue was empty. Popping the last task puts the stub back behind it, so the next
   * push reports an empty queue again, whether the queue was emptied by pop or by popBatch.
   */
  @Test
  void pushReportsWhetherTheQueueWasEmptyBefore() {
    InjectQueue q = new InjectQueue();
    TestTask[] t = TestTask.range(10);
    assertThat(q.push(t[1])).isTrue(); // empty before
    assertThat(q.push(t[2])).isFalse(); // 1 before
    assertThat(popId(q)).isEqualTo(1);
    assertThat(q.push(t[3])).isFalse(); // 1 before (the head is a task, not the stub)
    assertThat(popId(q)).isEqualTo(2);
    assertThat(popId(q)).isEqualTo(3); // the last one: the stub goes back behind it
    assertThat(q.push(t[4])).isTrue(); // empty before
    assertThat(popId(q)).isEqualTo(4);
    assertThat(q.push(t[5])).isTrue(); // emptied by popping a lone task: empty before
    q.pushBatch(new Object[] {t[6], t[7]}, 2);
    assertThat(q.push(t[8])).isFalse(); // 3 before
    assertThat(q.popBatch(new Object[10], 10)).isEqualTo(4);
    assertThat(q.push(t[9])).isTrue(); // emptied by popBatch: empty before
    assertThat(popId(q)).isEqualTo(9);
    assertThat(q.pop()).isNull();
    assertThat(q.push(t[0])).isTrue(); // a pop of the empty queue changes nothing
  }

  @Test
  void aPoppedTaskCanBePushedAgainAtOnce() {
    InjectQueue q = new InjectQueue();
    TestTask a = new TestTask(1);
    TestTask b = new TestTask(2);
    TestTask c = new TestTask(3);

    // Popped from the middle of the queue: its link is cleared and it goes to the back.
    q.push(a);
    q.push(b);
    assertThat(q.pop()).isSameAs(a);
    assertThat(a.injectNext).isNull();
    assertThat(q.push(a)).isFalse();
    assertQuietLen(q, 2);
    assertThat(q.pop()).isSameAs(b);
    assertThat(q.pop()).isSameAs(a);
    assertThat(q.pop()).isNull();

    // The only task, popped and pushed again, over and over.
    for (int i = 0; i < 5; i++) {
      assertThat(q.push(a)).isTrue();
      assertQuietLen(q, 1);
      assertThat(q.pop()).isSameAs(a);
      assertThat(a.injectNext).isNull();
      assertQuietLen(q, 0);
    }

    // Popped head pushed again behind the rest, then in a batch with others.
    q.pushBatch(new Object[] {a, b, c}, 3);
    assertThat(q.pop()).isSameAs(a);
    q.push(a);
    assertThat(q.pop()).isSameAs(b);
    assertThat(q.pop()).isSameAs(c);
    q.pushBatch(new Object[] {c, b}, 2);
    assertQuietLen(q, 3);
    Object[] out = new Object[4];
    assertThat(q.popBatch(out, 4)).isEqualTo(3);
    assertThat(ids(out)).containsExactly(1, 3, 2, null);
    for (TestTask t : new TestTask[] {a, b, c}) {
      assertThat(t.injectNext).as("link of %s after its pop", t).isNull();
    }
    assertQuietLen(q, 0);
  }

  @Test
  void poppingTheLastTaskLeavesTheQueueEmptyAndReusable() {
    InjectQueue q = new InjectQueue();
    TestTask[] t = TestTask.range(4);
    q.push(t[0]);
    q.push(t[1]);
    assertThat(popId(q)).isEqualTo(0);
    assertQuietLen(q, 1);
    assertThat(popId(q)).isEqualTo(1); // the last one
    assertQuietLen(q, 0);
    assertThat(q.pop()).isNull();
    assertThat(q.popBatch(new Object[2], 2)).isZero();
    assertQuietLen(q, 0);

    // Reusable: FIFO again, through pop and popBatch.
    q.push(t[2]);
    q.pushBatch(new Object[] {t[3], t[0]}, 2);
    assertQuietLen(q, 3);
    assertThat(popId(q)).isEqualTo(2);
    Object[] out = new Object[3];
    assertThat(q.popBatch(out, 3)).isEqualTo(2);
    assertThat(ids(out)).containsExactly(3, 0, null);
    assertQuietLen(q, 0);
    assertThat(q.pop()).isNull();
    q.push(t[1]);
    assertQuietLen(q, 1);
    assertThat(popId(q)).isEqualTo(1);
    assertQuietLen(q, 0);
  }

  @Test
  void drainsAndRefillsManyTimes() {
    InjectQueue q = new InjectQueue();
    Object[] out = new Object[7];
    int next = 0;
    int expect = 0;
    for (int round = 0; round < 10_000; round++) {
      for (int i = 0; i < round % 11; i++) {
        q.push(new TestTask(next++));
      }
      int n;
      while ((n = q.popBatch(out, out.length)) > 0) {
        for (int i = 0; i < n; i++) {
          assertThat(TestTask.idOf(out[i])).isEqualTo(expect++);
        }
      }
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.len()).isZero();
      assertThat(q.mayHaveWork()).isFalse();
    }
    assertThat(expect).isEqualTo(next);
  }

  /** As drainsAndRefillsManyTimes, with the same few task objects pushed again once popped. */
  @Test
  void drainsAndRefillsManyTimesWithTheSameTasks() {
    InjectQueue q = new InjectQueue();
    TestTask[] t = TestTask.range(10);
    Object[] out = new Object[7];
    for (int round = 0; round < 10_000; round++) {
      int count = round % 11; // at most 10: all distinct, so none is queued twice
      for (int i = 0; i < count; i++) {
        q.push(t[(round + i) % 10]);
      }
      int taken = 0;
      int n;
      while ((n = q.popBatch(out, out.length)) > 0) {
        for (int i = 0; i < n; i++) {
          assertThat(TestTask.idOf(out[i])).isEqualTo((round + taken) % 10);
          assertThat(((TestTask) out[i]).injectNext).isNull();
          taken++;
        }
      }
      assertThat(taken).isEqualTo(count);
      assertQuietLen(q, 0);
    }
  }
}
