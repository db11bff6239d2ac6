package dev.eddy.sync;

import java.util.ArrayDeque;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the non-waiting operations of a capacity-2 channel (tiny, so that full,
 * empty and closed are reached in almost every scenario), checked against {@link Spec}. {@code
 * tryReceive} is in a non-parallel group: the channel has a single consumer.
 */
@Param(name = "message", gen = IntGen.class, conf = "1:4")
public class ChannelLincheckTest {

  private final Channel<Integer> channel = Channel.bounded(2);

  /** Outcome of a trySend as a value, so that the closed case is part of the history. */
  @Operation
  public String trySend(@Param(name = "message") int message) {
    try {
      return channel.trySend(message) ? "sent" : "full";
    } catch (ChannelClosedException e) {
      return "closed";
    }
  }

  @Operation(nonParallelGroup = "consumer")
  public Integer tryReceive() {
    return channel.tryReceive().orElse(null);
  }

  @Operation
  public void close() {
    channel.close();
  }

  @Operation
  public int size() {
    return channel.size();
  }

  @Operation
  public boolean isClosed() {
    return channel.isClosed();
  }

  @Test
  void modelChecking() {
    LinChecker.check(
        ChannelLincheckTest.class,
        new ModelCheckingOptions()
            .iterations(10)
            .invocationsPerIteration(100)
            .threads(3)
            .actorsPerThread(3)
            .sequentialSpecification(Spec.class));
  }

  @Test
  void stress() {
    LinChecker.check(
        ChannelLincheckTest.class,
        new StressOptions()
            .iterations(30)
            .invocationsPerIteration(2_000)
            .threads(3)
            .actorsPerThread(3)
            .sequentialSpecification(Spec.class));
  }

  /** The sequential meaning of a bounded channel: a queue of at most 2, plus a closed flag. */
  public static final class Spec {
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private boolean closed;

    public String trySend(int message) {
      if (closed) {
        return "closed";
      }
      if (queue.size() == 2) {
        return "full";
      }
      queue.addLast(message);
      return "sent";
    }

    public Integer tryReceive() {
      return queue.pollFirst();
    }

    public void close() {
      closed = true;
    }

    public int size() {
      return queue.size();
    }

    public boolean isClosed() {
      return closed;
    }
  }
}
