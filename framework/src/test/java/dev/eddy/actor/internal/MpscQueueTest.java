package dev.eddy.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MpscQueueTest {

  @Test
  void fifoAndEmpty() {
    MpscQueue q = new MpscQueue();
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.poll()).isNull();
    q.offer("a");
    q.offer("b");
    assertThat(q.isEmpty()).isFalse();
    assertThat(q.poll()).isEqualTo("a");
    q.offer("c");
    assertThat(q.poll()).isEqualTo("b");
    assertThat(q.poll()).isEqualTo("c");
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void theQueueDoesNotKeepConsumedNodesReachable() {
    MpscQueue q = new MpscQueue();
    q.offer("a");
    q.offer("b");
    q.poll();
    // The queue object was the first stub: its link must be cleared once it is left behind.
    assertThat(q.next).isNull();
  }

  @Test
  void producersOnManyThreadsLoseAndDuplicateNothing() throws Exception {
    MpscQueue q = new MpscQueue();
    int producers = 4;
    int per = 200_000;
    CountDownLatch go = new CountDownLatch(1);
    for (int p = 0; p < producers; p++) {
      int id = p;
      new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        for (int i = 0; i < per; i++) {
          q.offer(new long[] {id, i});
        }
      }).start();
    }
    go.countDown();
    int[] next = new int[producers];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int taken = 0; taken < producers * per; ) {
      long[] m = (long[]) q.poll();
      if (m == null) {
        assertThat(System.nanoTime() - deadline).as("deadline").isNegative();
        Thread.onSpinWait();
        continue;
      }
      assertThat(m[1]).isEqualTo(next[(int) m[0]]);
      next[(int) m[0]]++;
      taken++;
    }
    assertThat(q.poll()).isNull();
  }
}
