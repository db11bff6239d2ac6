package dev.eddy.runtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link InjectQueue} (every method, any thread) against {@link Spec}, an
 * unbounded FIFO of ints. {@code popBatch} asks for at most 2 into a 3-slot array, so the {@code
 * max} bound (not the array length) is what limits it, and the untouched third slot is checked
 * too.
 *
 * <p>The queue is intrusive: its entries are {@link Entry} tasks, each carrying the int that the
 * operation pushed, and an entry may be in the queue at most once at a time. A pop reads the
 * value, then hands its entry to a small pool of {@link #spares}; a push takes an entry from the
 * pool when there is one (else a new one), so popped tasks are pushed again, as woken tasks are,
 * and their re-used link is under test too. Which entry carries a value is invisible in the
 * results, so the pool does not affect linearizability.
 *
 * <p>{@code len()} walks the list without the lock (a snapshot), and {@code push}'s "was empty"
 * hint compares the replaced tail with the stub, which a consumer may have put behind a task
 * still queued (it may say {@code true} for a non-empty queue; never {@code false} for an empty
 * one); {@code mayHaveWork()} is a hint that may miss a push in flight. None is linearizable, so
 * none is an operation here: {@code len} and {@code isEmpty} are checked where they are exact,
 * when quiet, after every run ({@link #lenIsExactWhenQuiet}); {@code push}'s result is ignored;
 * the hints are covered by {@link InjectQueueTest} and the stress tests.
 */
@Param(name = "task", gen = IntGen.class, conf = "1:9")
public class InjectQueueLincheckTest {

  /** A queue entry carrying an operation's value; re-used once popped. */
  static final class Entry extends RawTask<Void> {
    /** Written before the push that publishes it, read after the pop that takes it. */
    int value;

    Entry() {
      super(null, false);
    }

    @Override
    protected boolean poll(Worker worker) {
      throw new IllegalStateException("a Lincheck entry is not runnable");
    }
  }

  private static final int SPARE_SLOTS = 4;

  private final InjectQueue queue = new InjectQueue();
  /** Popped entries, each owned by its slot until a pusher swaps it out. */
  private final AtomicReferenceArray<Entry> spares = new AtomicReferenceArray<>(SPARE_SLOTS);

  /** A popped entry if there is one (now owned by the caller), else a new one. */
  private Entry entry(int value) {
    Entry e = null;
    for (int i = 0; i < SPARE_SLOTS && e == null; i++) {
      if (spares.get(i) != null) {
        e = spares.getAndSet(i, null);
      }
    }
    if (e == null) {
      e = new Entry();
    }
    e.value = value;
    return e;
  }

  /** The value of a popped entry ({@code null} for none); then the entry goes to the pool. */
  private Integer taken(RawTask<?> task) {
    if (task == null) {
      return null;
    }
    Entry e = (Entry) task;
    if (e.injectNext != null) {
      throw new IllegalStateException("a popped task still links into the queue");
    }
    int value = e.value; // before the entry can be re-used
    for (int i = 0; i < SPARE_SLOTS; i++) {
      if (spares.get(i) == null && spares.compareAndSet(i, null, e)) {
        break;
      }
    }
    return value;
  }

  @Operation
  public void push(@Param(name = "task") int task) {
    queue.push(entry(task));
  }

  @Operation
  public void pushBatch(@Param(name = "task") int first, @Param(name = "task") int second) {
    // A longer array than count: only batch[0..2) may be taken. The third is never pushed.
    queue.pushBatch(new Object[] {entry(first), entry(second), new Entry()}, 2);
  }

  @Operation
  public Integer pop() {
    return taken(queue.pop());
  }

  /** The removed values in order; "overwrote out[2]" if the batch wrote past {@code max}. */
  @Operation
  public Object popBatch() {
    Object[] out = new Object[3];
    int n = queue.popBatch(out, 2);
    if (out[2] != null) {
      return "overwrote out[2]";
    }
    List<Object> taken = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      taken.add(taken((RawTask<?>) out[i]));
    }
    return taken;
  }

  /** After the run (no operation in progress): {@code len} and {@code isEmpty} are exact. */
  @Validate
  public void lenIsExactWhenQuiet() {
    int len = queue.len();
    boolean empty = queue.isEmpty();
    int n = 0;
    while (taken(queue.pop()) != null) {
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
