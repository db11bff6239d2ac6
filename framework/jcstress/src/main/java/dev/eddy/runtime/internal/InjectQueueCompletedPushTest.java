package dev.eddy.runtime.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * {@link InjectQueue#isEmpty()} never misses a push that completed before it started, even while
 * a pop moves {@code head} and re-pushes the stub.
 *
 * <p>What {@code isEmpty()} promises: it reads {@code head}, then {@code tail}; {@code true} means
 * that the queue was empty at some moment between the two reads (concurrency review, D12), not
 * at the moment {@code tail} was read. So a push that completed before the call started is seen
 * unless a pop took its task: the push's exchange on {@code tail} precedes the {@code head} read,
 * and {@code tail} returns to the stub only when a pop takes the last task, which nobody does
 * here after the push.
 *
 * <p>The queue starts with task 0. The consumer takes it (the last task: the pop pushes the stub
 * behind it), then pushes task 1 and raises {@code done}. The observer reads {@code done}, then
 * calls {@code isEmpty()}: having seen {@code done}, it must see task 1.
 */
@JCStressTest
@Description("InjectQueue.isEmpty() after a completed push, with a pop emptying the queue before")
@Outcome(id = "false, false", expect = ACCEPTABLE,
    desc = "Observed before the push completed; the queue held a task.")
@Outcome(id = "false, true", expect = ACCEPTABLE,
    desc = "Observed before the push completed, while the queue was empty.")
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The completed push was seen.")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "A completed push was missed.")
@State
public class InjectQueueCompletedPushTest {

  private final InjectQueue queue = new InjectQueue();
  private final TestTask first = new TestTask(0);
  private final TestTask second = new TestTask(1);
  private volatile boolean done;

  public InjectQueueCompletedPushTest() {
    queue.push(first);
  }

  @Actor
  public void consumer() {
    RawTask<?> taken = queue.pop();
    if (taken != first) {
      throw new IllegalStateException("popped " + taken + ", expected " + first);
    }
    queue.push(second);
    done = true;
  }

  @Actor
  public void observer(ZZ_Result r) {
    r.r1 = done;
    r.r2 = queue.isEmpty();
  }
}
