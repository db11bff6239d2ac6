package dev.eddy.runtime.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A push from outside the workers against the last searcher's re-check: {@link
 * InjectQueue#push}'s exchange on {@code tail} is itself the StoreLoad fence the idle protocol
 * needs, as {@code InjectQueue}'s Javadoc claims.
 *
 * <p>A model, deliberately: {@code searching} stands in for {@code Idle}'s state and the producer
 * reads it with a plain volatile load, the read {@code Idle.workerToNotify} had before the D8 fix,
 * so that this test checks the queue's own ordering and not {@code Idle}'s fence. The producer is
 * {@code Scheduler.schedule} off the workers (push, then read the idle state); the searcher is
 * {@code Worker.park} as the last searcher (an RMW on the state, then {@code isEmpty()}).
 *
 * <p>Result: {@code r1} is whether the producer saw a searcher (and so woke nobody); {@code r2}
 * whether the searcher saw the queue empty (and so parked without notifying).
 */
@JCStressTest
@Description("Inject push then idle-state read vs. idle-state RMW then InjectQueue.isEmpty()")
@Outcome(id = "true, false", expect = ACCEPTABLE,
    desc = "The producer saw the searcher; the searcher saw the task.")
@Outcome(id = "false, false", expect = ACCEPTABLE,
    desc = "Each saw the other: the producer wakes a worker, and so does the searcher.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
    desc = "The searcher checked before the push; the producer saw nobody searching.")
@Outcome(id = "true, true", expect = FORBIDDEN,
    desc = "Both missed: the producer saw a searcher, the searcher an empty queue (lost wake-up).")
@State
public class InjectQueueParkCheckTest {

  private final InjectQueue queue = new InjectQueue();
  private final TestTask task = new TestTask(0);
  private final AtomicInteger searching = new AtomicInteger(1);

  @Actor
  public void producer(ZZ_Result r) {
    if (!queue.push(task)) {
      throw new IllegalStateException("a push into an empty queue did not report it empty");
    }
    r.r1 = searching.get() != 0;
  }

  @Actor
  public void lastSearcher(ZZ_Result r) {
    if (searching.getAndDecrement() != 1) {
      throw new IllegalStateException("the only searcher was not the last");
    }
    r.r2 = queue.isEmpty();
  }
}
