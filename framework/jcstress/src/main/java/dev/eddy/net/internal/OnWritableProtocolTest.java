package dev.eddy.net.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A model of {@code ServerConnection}'s {@code onWritable} hand-off with a writer off the
 * connection's task (concurrency review D7), with the fields and access modes of the real class:
 * {@code queued} is a volatile {@code long} changed by VarHandle RMWs, {@code toldNotWritable} a
 * volatile flag. (The third field of the protocol, {@code readPaused}, is confined to the task.)
 * The real class needs a selector, a socket and a runtime, so jcstress cannot drive it.
 *
 * <p>The writer has queued more than the high-water mark (counted in {@code queued} before its
 * {@code isWritable()}), so it is told "not writable" and waits for {@code onWritable}. This is
 * the order the review's fix prescribes: set {@code toldNotWritable} first, then re-read {@code
 * queued} and wake the task if it has drained meanwhile. The task flushes everything (an RMW on
 * {@code queued}), then reads the flag at the end of its poll and calls {@code onWritable} if it
 * is set and the queue is below the low-water mark. That is a Dekker pair: at least one side must
 * see the other. The old order (read {@code queued}, then set the flag) loses the hand-off even
 * under sequential consistency.
 *
 * <p>Result: {@code r1} is whether the writer woke the task itself (it saw the queue drained);
 * {@code r2} whether the task called {@code onWritable}.
 */
@JCStressTest
@Description("ServerConnection onWritable: writer sets the flag then reads queued (D7 model)")
@Outcome(id = "false, true", expect = ACCEPTABLE,
    desc = "The writer saw the queue full; the task saw the flag and calls onWritable.")
@Outcome(id = "true, true", expect = ACCEPTABLE,
    desc = "Both: the task calls onWritable, and the writer's wake adds a harmless poll.")
@Outcome(id = "true, false", expect = ACCEPTABLE,
    desc = "The task checked before the flag; the writer saw the queue drained and wakes it.")
@Outcome(id = "false, false", expect = FORBIDDEN,
    desc = "Both missed: the writer waits for an onWritable that never comes.")
@State
public class OnWritableProtocolTest {

  private static final long LOW_WATER = 32;
  private static final long QUEUED_BY_WRITER = 128;
  private static final VarHandle QUEUED;

  static {
    try {
      QUEUED = MethodHandles.lookup()
          .findVarHandle(OnWritableProtocolTest.class, "queued", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile long queued = QUEUED_BY_WRITER;
  private volatile boolean toldNotWritable;

  /** {@code isWritable()} on the writer's thread, after its write counted its bytes. */
  @Actor
  public void writer(ZZ_Result r) {
    toldNotWritable = true;
    r.r1 = queued <= LOW_WATER;
  }

  /** The task's {@code flush()}, then the end of its poll. */
  @Actor
  public void task(ZZ_Result r) {
    long q = (long) QUEUED.getAndAdd(this, -QUEUED_BY_WRITER) - QUEUED_BY_WRITER;
    r.r2 = toldNotWritable && q <= LOW_WATER;
  }
}
