package dev.eddy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Single-threaded semantics of {@link InjectQueue}. */
class InjectQueueTest {

  @Test
  void emptyQueue() {
    InjectQueue<Integer> q = new InjectQueue<>();
    assertThat(q.pop()).isNull();
    assertThat(q.popBatch(new Object[4], 4)).isZero();
    assertThat(q.len()).isZero();
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void fifoAcrossPushAndPushBatch() {
    InjectQueue<Integer> q = new InjectQueue<>();
    q.push(1);
    q.pushBatch(new Object[] {2, 3, 99}, 2); // only batch[0..count)
    q.pushBatch(new Object[] {98}, 0);
    q.push(4);
    assertThat(q.len()).isEqualTo(4);
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.pop()).isEqualTo(1);
    Object[] out = new Object[5];
    assertThat(q.popBatch(out, 5)).isEqualTo(3);
    assertThat(out).containsExactly(2, 3, 4, null, null);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.len()).isZero();
  }

  @Test
  void popBatchIsBoundedByMaxAndByTheArray() {
    InjectQueue<Integer> q = new InjectQueue<>();
    for (int i = 0; i < 10; i++) {
      q.push(i);
    }
    Object[] out = new Object[3];
    assertThat(q.popBatch(out, 2)).isEqualTo(2);
    assertThat(out).containsExactly(0, 1, null);
    out = new Object[3];
    assertThat(q.popBatch(out, 100)).isEqualTo(3);
    assertThat(out).containsExactly(2, 3, 4);
    assertThat(q.popBatch(new Object[3], 0)).isZero();
    assertThat(q.popBatch(new Object[3], -1)).isZero();
    assertThat(q.popBatch(new Object[0], 5)).isZero();
    assertThat(q.len()).isEqualTo(5);
    assertThat(q.pop()).isEqualTo(5);
  }

  @Test
  void pushReportsWhetherTheQueueWasEmptyBefore() {
    InjectQueue<Integer> q = new InjectQueue<>();
    assertThat(q.push(1)).isTrue(); // empty before
    assertThat(q.push(2)).isFalse(); // 1 before
    q.pop();
    assertThat(q.push(3)).isFalse(); // 1 before
    q.pop();
    q.pop();
    assertThat(q.push(4)).isTrue(); // empty before
  }


  @Test
  void drainsAndRefillsManyTimes() {
    InjectQueue<Integer> q = new InjectQueue<>();
    Object[] out = new Object[7];
    int next = 0;
    int expect = 0;
    for (int round = 0; round < 10_000; round++) {
      for (int i = 0; i < round % 11; i++) {
        q.push(next++);
      }
      int n;
      while ((n = q.popBatch(out, out.length)) > 0) {
        for (int i = 0; i < n; i++) {
          assertThat(out[i]).isEqualTo(expect++);
        }
      }
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.len()).isZero();
    }
    assertThat(expect).isEqualTo(next);
  }
}
