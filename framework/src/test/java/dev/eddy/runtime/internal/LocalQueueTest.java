package dev.eddy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-threaded semantics of {@link LocalQueue}: the owner and a thief on one thread. */
class LocalQueueTest {

  /** Records every overflow batch, in call order. */
  private static final class Recorder implements LocalQueue.Overflow<Integer> {
    final List<List<Object>> batches = new ArrayList<>();

    @Override
    public void pushBatch(Object[] batch, int count) {
      List<Object> copy = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        copy.add(batch[i]);
      }
      batches.add(copy);
    }
  }

  private static final LocalQueue.Overflow<Integer> NO_OVERFLOW =
      (batch, count) -> {
        throw new AssertionError("unexpected overflow of " + count);
      };

  private static LocalQueue<Integer> filled(int capacity, int from, int toInclusive) {
    LocalQueue<Integer> q = new LocalQueue<>(capacity);
    for (int i = from; i <= toInclusive; i++) {
      q.push(i, NO_OVERFLOW);
    }
    return q;
  }

  private static List<Integer> drain(LocalQueue<Integer> q) {
    List<Integer> out = new ArrayList<>();
    q.drain(out::add);
    return out;
  }

  @Test
  void capacityMustBeAPowerOfTwoOfAtLeastTwo() {
    for (int bad : new int[] {-4, 0, 1, 3, 6, 100}) {
      assertThatThrownBy(() -> new LocalQueue<Integer>(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(new LocalQueue<Integer>(2).capacity()).isEqualTo(2);
    assertThat(new LocalQueue<Integer>(256).capacity()).isEqualTo(256);
  }

  @Test
  void emptyQueue() {
    LocalQueue<Integer> q = new LocalQueue<>(4);
    assertThat(q.pop()).isNull();
    assertThat(q.len()).isZero();
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.remaining()).isEqualTo(4);
    assertThat(q.stealInto(new LocalQueue<>(4))).isNull();
  }

  @Test
  void ownerPopsInFifoOrder() {
    LocalQueue<Integer> q = filled(8, 1, 5);
    assertThat(q.len()).isEqualTo(5);
    assertThat(q.pop()).isEqualTo(1);
    assertThat(q.pop()).isEqualTo(2);
    q.push(6, NO_OVERFLOW);
    assertThat(drain(q)).containsExactly(3, 4, 5, 6);
    assertThat(q.pop()).isNull();
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void pushToFullQueueMovesOldestHalfThenNewTaskToOverflow() {
    Recorder overflow = new Recorder();
    LocalQueue<Integer> q = new LocalQueue<>(4);
    for (int i = 1; i <= 4; i++) {
      q.push(i, overflow);
    }
    assertThat(overflow.batches).isEmpty();
    assertThat(q.remaining()).isZero();

    q.push(5, overflow);
    assertThat(overflow.batches).containsExactly(List.of(1, 2, 5));
    assertThat(q.len()).isEqualTo(2);
    assertThat(q.remaining()).isEqualTo(2);

    q.push(6, overflow);
    q.push(7, overflow);
    q.push(8, overflow);
    assertThat(overflow.batches).containsExactly(List.of(1, 2, 5), List.of(3, 4, 8));
    assertThat(drain(q)).containsExactly(6, 7);
  }

  @Test
  void pushOverflowOnLargerQueueMovesHalfItsCapacity() {
    Recorder overflow = new Recorder();
    LocalQueue<Integer> q = filled(16, 1, 16);
    q.pop(); // the ring's start is now at slot 1: the overflow batch wraps
    q.push(17, overflow);
    assertThat(overflow.batches).isEmpty();
    q.push(18, overflow);
    assertThat(overflow.batches).containsExactly(List.of(2, 3, 4, 5, 6, 7, 8, 9, 18));
    assertThat(drain(q)).containsExactly(10, 11, 12, 13, 14, 15, 16, 17);
  }

  @Test
  void stealTakesTheOldestCeilHalfAndReturnsTheNewestOfThem() {
    LocalQueue<Integer> src = filled(8, 1, 5);
    LocalQueue<Integer> dst = new LocalQueue<>(8);
    // ceil(5 / 2) = 3: 1 and 2 go to dst, 3 is returned to run now.
    assertThat(src.stealInto(dst)).isEqualTo(3);
    assertThat(drain(dst)).containsExactly(1, 2);
    assertThat(drain(src)).containsExactly(4, 5);
  }

  @Test
  void stealCountsForSmallLengths() {
    // len -> ceil(len / 2)
    int[][] cases = {{1, 1}, {2, 1}, {3, 2}, {4, 2}, {7, 4}, {8, 4}};
    for (int[] c : cases) {
      LocalQueue<Integer> src = filled(8, 1, c[0]);
      LocalQueue<Integer> dst = new LocalQueue<>(8);
      Integer ret = src.stealInto(dst);
      assertThat(ret).as("len %d", c[0]).isEqualTo(c[1]);
      assertThat(dst.len()).as("len %d", c[0]).isEqualTo(c[1] - 1);
      assertThat(src.len()).as("len %d", c[0]).isEqualTo(c[0] - c[1]);
      assertThat(src.remaining()).isEqualTo(8 - src.len());
    }
  }

  @Test
  void stealIsCappedAtHalfTheDestinationCapacity() {
    LocalQueue<Integer> src = filled(16, 1, 16);
    LocalQueue<Integer> dst = new LocalQueue<>(4);
    assertThat(src.stealInto(dst)).isEqualTo(2);
    assertThat(drain(dst)).containsExactly(1);
    assertThat(src.len()).isEqualTo(14);
  }

  @Test
  void stealIntoADestinationMoreThanHalfFullIsRefused() {
    LocalQueue<Integer> src = filled(8, 1, 8);
    LocalQueue<Integer> dst = filled(4, 100, 102); // 3 of 4
    assertThat(src.stealInto(dst)).isNull();
    assertThat(src.len()).isEqualTo(8);
    assertThat(drain(dst)).containsExactly(100, 101, 102);
  }

  @Test
  void stealIntoAHalfFullDestinationFillsIt() {
    LocalQueue<Integer> src = filled(8, 1, 8);
    LocalQueue<Integer> dst = filled(4, 100, 101); // exactly half: allowed
    assertThat(src.stealInto(dst)).isEqualTo(2);
    assertThat(dst.len()).isEqualTo(3);
    assertThat(dst.remaining()).isEqualTo(1);
    assertThat(drain(dst)).containsExactly(100, 101, 1);
    assertThat(drain(src)).containsExactly(3, 4, 5, 6, 7, 8);
  }

  @Test
  void stealIntoAWrappedDestination() {
    LocalQueue<Integer> dst = new LocalQueue<>(4);
    for (int i = 0; i < 3; i++) {
      dst.push(-1, NO_OVERFLOW);
      dst.pop();
    }
    dst.push(100, NO_OVERFLOW); // dst's tail is at slot 0 after wrapping
    LocalQueue<Integer> src = filled(4, 1, 4);
    assertThat(src.stealInto(dst)).isEqualTo(2);
    assertThat(drain(dst)).containsExactly(100, 1);
  }

  @Test
  void drainEmptiesInOrder() {
    LocalQueue<Integer> q = filled(4, 1, 4);
    assertThat(drain(q)).containsExactly(1, 2, 3, 4);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.remaining()).isEqualTo(4);
  }

  @Test
  void lenAndRemainingAccountForEveryOperation() {
    Recorder overflow = new Recorder();
    LocalQueue<Integer> q = new LocalQueue<>(8);
    int expected = 0;
    int next = 0;
    for (int round = 0; round < 1_000; round++) {
      int op = round % 5;
      if (op < 3) {
        q.push(next++, overflow);
        expected = expected == 8 ? 4 : expected + 1;
      } else if (op == 3) {
        if (q.pop() != null) {
          expected--;
        }
      } else {
        LocalQueue<Integer> dst = new LocalQueue<>(8);
        if (q.stealInto(dst) != null) {
          expected -= expected - expected / 2;
        }
      }
      assertThat(q.len()).isEqualTo(expected);
      assertThat(q.remaining()).isEqualTo(8 - expected);
      assertThat(q.isEmpty()).isEqualTo(expected == 0);
    }
  }

  @Test
  void slotsWrapManyTimes() {
    // Capacity 4, 3 queued: every push/pop pair moves the ring by one slot; 10M pairs go round
    // it 2.5M times. Values check FIFO order throughout.
    LocalQueue<Integer> q = filled(4, 0, 2);
    int next = 3;
    int expect = 0;
    for (int i = 0; i < 10_000_000; i++) {
      q.push(next++, NO_OVERFLOW);
      Integer got = q.pop();
      if (got == null || got != expect) {
        throw new AssertionError("pair " + i + ": popped " + got + ", expected " + expect);
      }
      expect++;
    }
    assertThat(q.len()).isEqualTo(3);
    assertThat(drain(q)).containsExactly(expect, expect + 1, expect + 2);
  }

  @Test
  void stealsAndOverflowsWrapManyTimes() {
    // Every path (push, overflow, pop, steal) from every ring offset of a 4-slot queue.
    Recorder overflow = new Recorder();
    LocalQueue<Integer> q = new LocalQueue<>(4);
    List<Integer> seen = new ArrayList<>();
    int next = 0;
    for (int round = 0; round < 200_000; round++) {
      int pushes = 1 + round % 6; // up to 6: 5 and 6 overflow a queue of 4
      for (int i = 0; i < pushes; i++) {
        q.push(next++, overflow);
      }
      LocalQueue<Integer> dst = new LocalQueue<>(4);
      Integer stolen = q.stealInto(dst);
      if (stolen != null) {
        dst.drain(seen::add);
        seen.add(stolen);
      }
      if (round % 3 == 0) {
        Integer popped = q.pop();
        if (popped != null) {
          seen.add(popped);
        }
      }
      if (seen.size() > 4096 || overflow.batches.size() > 512) {
        checkSeenAndOverflow(seen, overflow);
      }
    }
    q.drain(seen::add);
    checkSeenAndOverflow(seen, overflow);
    assertThat(q.isEmpty()).isTrue();
    assertThat(total).isEqualTo(next);
  }

  private int total;
  private final BitSet marks = new BitSet();

  /** Every task reaches the overflow or a consumer exactly once. */
  private void checkSeenAndOverflow(List<Integer> seen, Recorder overflow) {
    for (List<Object> batch : overflow.batches) {
      for (Object o : batch) {
        mark((Integer) o);
      }
    }
    for (Integer i : seen) {
      mark(i);
    }
    overflow.batches.clear();
    seen.clear();
  }

  private void mark(int task) {
    if (marks.get(task)) {
      throw new AssertionError("task " + task + " seen twice");
    }
    marks.set(task);
    total++;
  }
}
