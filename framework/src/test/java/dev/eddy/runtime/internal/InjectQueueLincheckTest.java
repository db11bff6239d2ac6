package dev.eddy.runtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link InjectQueue} (every method, any thread) against {@link Spec}, an
 * unbounded FIFO. {@code popBatch} asks for at most 2 into a 3-slot array, so the {@code max}
 * bound (not the array length) is what limits it, and the untouched third slot is checked too.
 *
 * <p>{@code len()} is documented as "exact when quiet, a snapshot otherwise" ({@code pushed -
 * popped}, two counters updated after the link that publishes a task), and {@code push}'s
 * wake-up hint is computed from the same snapshot; neither is linearizable (model checking finds
 * {@code isEmpty() == false} followed by {@code len() == 0} while a push is between its link
 * and its counter). So {@code len} is checked where it is specified: when quiet, after every
 * run ({@link #lenIsExactWhenQuiet}). {@code push}'s result is ignored here.
 */
@Param(name = "task", gen = IntGen.class, conf = "1:9")
public class InjectQueueLincheckTest {

  private final InjectQueue<Integer> queue = new InjectQueue<>();

  @Operation
  public void push(@Param(name = "task") int task) {
    queue.push(task);
  }

  @Operation
  public void pushBatch(@Param(name = "task") int first, @Param(name = "task") int second) {
    // A longer array than count: only batch[0..2) may be taken.
    queue.pushBatch(new Object[] {first, second, -1}, 2);
  }

  @Operation
  public Integer pop() {
    return queue.pop();
  }

  /** The removed tasks in order; "overwrote out[2]" if the batch wrote past {@code max}. */
  @Operation
  public Object popBatch() {
    Object[] out = new Object[3];
    int n = queue.popBatch(out, 2);
    if (out[2] != null) {
      return "overwrote out[2]";
    }
    List<Object> taken = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      taken.add(out[i]);
    }
    return taken;
  }

  /** After the run (no operation in progress): {@code len} and {@code isEmpty} are exact. */
  @Validate
  public void lenIsExactWhenQuiet() {
    int len = queue.len();
    boolean empty = queue.isEmpty();
    int n = 0;
    while (queue.pop() != null) {
      n++;
    }
    if (len != n || empty != (n == 0)) {
      throw new IllegalStateException(
          "quiet queue of " + n + " tasks: len() = " + len + ", isEmpty() = " + empty);
    }
  }

  @Operation
  public boolean isEmpty() {
    return queue.isEmpty();
  }

  @Test
  void modelChecking() {
    LinChecker.check(
        InjectQueueLincheckTest.class,
        new ModelCheckingOptions()
            .iterations(6)
            .invocationsPerIteration(150)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(2)
            .sequentialSpecification(Spec.class));
  }

  @Test
  void stress() {
    LinChecker.check(
        InjectQueueLincheckTest.class,
        new StressOptions()
            .iterations(20)
            .invocationsPerIteration(2_000)
            .threads(3)
            .actorsPerThread(3)
            .sequentialSpecification(Spec.class));
  }

  /** The sequential meaning: an unbounded FIFO. */
  public static final class Spec {
    private final ArrayDeque<Integer> items = new ArrayDeque<>();

    public void push(int task) {
      items.addLast(task);
    }

    public void pushBatch(int first, int second) {
      items.addLast(first);
      items.addLast(second);
    }

    public Integer pop() {
      return items.pollFirst();
    }

    public Object popBatch() {
      List<Object> taken = new ArrayList<>(2);
      while (taken.size() < 2 && !items.isEmpty()) {
        taken.add(items.pollFirst());
      }
      return taken;
    }

    public boolean isEmpty() {
      return items.isEmpty();
    }
  }
}
