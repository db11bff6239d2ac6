package dev.eddy.actor.internal;

import java.util.ArrayDeque;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the mailbox queue {@link MpscQueue} against an unbounded FIFO: offers from
 * any thread, polls and isEmpty from one consumer at a time (Lincheck's non-parallel group).
 */
@Param(name = "message", gen = IntGen.class, conf = "1:9")
public class MpscQueueLincheckTest {

  private final MpscQueue queue = new MpscQueue();

  @Operation
  public void offer(@Param(name = "message") int message) {
    queue.offer(message);
  }

  @Operation(nonParallelGroup = "consumer")
  public Object poll() {
    return queue.poll();
  }

  @Operation(nonParallelGroup = "consumer")
  public boolean isEmpty() {
    return queue.isEmpty();
  }

  @Test
  void modelChecking() {
    LinChecker.check(MpscQueueLincheckTest.class, new ModelCheckingOptions()
        .iterations(10)
        .invocationsPerIteration(200)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Spec.class));
  }

  @Test
  void stress() {
    LinChecker.check(MpscQueueLincheckTest.class, new StressOptions()
        .iterations(20)
        .invocationsPerIteration(2_000)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Spec.class));
  }

  /** The sequential meaning: an unbounded FIFO. */
  public static final class Spec {
    private final ArrayDeque<Integer> items = new ArrayDeque<>();

    public void offer(int message) {
      items.addLast(message);
    }

    public Object poll() {
      return items.pollFirst();
    }

    public boolean isEmpty() {
      return items.isEmpty();
    }
  }
}
