package dev.eddy.runtime.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IZ_Result;

/**
 * The local push against the last searcher's park (concurrency review D8), on the real {@link
 * LocalQueue} and {@link Idle}.
 *
 * <p>Two workers. Worker 0 runs a task that schedules another one: {@code Worker.pushBack} pushes
 * onto worker 0's queue (a release store of {@code tail}) while its LIFO slot is taken, so it
 * decides to notify and calls {@link Idle#workerToNotify()}, whose first read of the idle state
 * decides whether a searcher will find the task anyway. Worker 1 is the only searcher and found
 * nothing: {@link Idle#transitionToParked} (an RMW on the state) says it was the last searcher,
 * so it re-checks the queues ({@code Scheduler.notifyIfWorkPending}: {@link LocalQueue#isEmpty()}
 * of each worker; worker 1's own queue is empty, so only worker 0's matters here).
 *
 * <p>Result: {@code r1} is the worker the producer woke ({@code -1}: none, it saw a searcher);
 * {@code r2} is whether the last searcher saw worker 0's queue empty. If both miss each other
 * ({@code -1, true}) the task waits behind worker 0's current task while worker 1 sleeps. Without
 * a StoreLoad fence between the push and the state read, the store buffer allows exactly that.
 */
@JCStressTest
@Description("Local push then idle-state read vs. last searcher's park then queue re-check (D8)")
@Outcome(id = "-1, false", expect = ACCEPTABLE,
    desc = "The producer saw the searcher; the searcher saw the task and notifies.")
@Outcome(id = "1, false", expect = ACCEPTABLE,
    desc = "The searcher parked first; the producer woke it, and it also saw the task.")
@Outcome(id = "1, true", expect = ACCEPTABLE,
    desc = "The searcher checked before the push; the producer woke it.")
@Outcome(id = "-1, true", expect = FORBIDDEN,
    desc = "Both missed: the producer saw a searcher, the searcher an empty queue (lost wake-up).")
@State
public class LocalPushNotifyTest {

  private static final int SEARCHER = 1;
  private static final LocalQueue.Overflow<RawTask<?>> NO_OVERFLOW = (batch, count) -> {
    throw new IllegalStateException("overflow of " + count + " tasks from an empty queue of 4");
  };

  private final Idle idle = new Idle(2);
  private final LocalQueue<RawTask<?>> queue = new LocalQueue<>(4);
  private final TestTask task = new TestTask(1);

  public LocalPushNotifyTest() {
    if (!idle.transitionToSearching()) {
      throw new IllegalStateException("worker " + SEARCHER + " could not start searching");
    }
  }

  /** Worker 0's {@code pushBack} with its LIFO slot taken. */
  @Actor
  public void producer(IZ_Result r) {
    queue.push(task, NO_OVERFLOW);
    // should_notify_others: the queue plus the LIFO slot hold more than the worker takes next.
    if (queue.len() + 1 <= 1) {
      throw new IllegalStateException("worker 0's queue is empty after its push");
    }
    r.r1 = idle.workerToNotify();
  }

  /** Worker 1's {@code park} with nothing found, as the last searcher. */
  @Actor
  public void lastSearcher(IZ_Result r) {
    if (!idle.transitionToParked(SEARCHER, true)) {
      throw new IllegalStateException("the only searcher, worker " + SEARCHER + ", was not last");
    }
    r.r2 = queue.isEmpty();
  }
}
