package dev.eddy.runtime.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.Z_Result;

/**
 * {@link InjectQueue#isEmpty()} never reports empty while the queue holds a task throughout, as
 * a worker pushes and pops around it and {@code head} steps over the stub and along the list.
 *
 * <p>The queue starts with tasks 0 and 1. The consumer takes task 0, pushes task 2 and takes task
 * 1: the queue holds at least one task all along, so {@code true} ("empty at some moment between
 * the two reads") may never come out.
 */
@JCStressTest
@Description("InjectQueue.isEmpty() while pops and a push keep the queue non-empty")
@Outcome(id = "false", expect = ACCEPTABLE, desc = "A task was seen.")
@Outcome(id = "true", expect = FORBIDDEN, desc = "Reported empty while never empty.")
@State
public class InjectQueueNeverEmptyTest {

  private final InjectQueue queue = new InjectQueue();
  private final TestTask[] tasks = TestTask.range(3);

  public InjectQueueNeverEmptyTest() {
    queue.push(tasks[0]);
    queue.push(tasks[1]);
  }

  @Actor
  public void consumer() {
    take(0);
    queue.push(tasks[2]);
    take(1);
  }

  private void take(int expected) {
    RawTask<?> taken = queue.pop();
    if (taken != tasks[expected]) {
      throw new IllegalStateException("popped " + taken + ", expected " + tasks[expected]);
    }
  }

  @Actor
  public void observer(Z_Result r) {
    r.r1 = queue.isEmpty();
  }
}
