package dev.eddy.runtime.internal;

import dev.eddy.runtime.Runtime;
import dev.eddy.runtime.Task;
import dev.eddy.runtime.TaskContext;
import dev.eddy.runtime.TaskHandle;
import dev.eddy.runtime.Waker;

/**
 * A user {@link Task}: polled until it reports completion, woken through this object, which is
 * also its {@link TaskHandle} and the {@link TaskContext} of its polls. Being its own context
 * means a poll stores nothing into the worker: a JFR profile of message ping-pong showed the GC
 * write barrier of a "current task" field costing as much as a CAS on every poll. Tracked while
 * alive so that shutdown can abort it.
 */
final class PollTask extends RawTask<Void> implements TaskHandle, TaskContext {

  private Task task;

  PollTask(Scheduler scheduler, Task task, boolean scheduled) {
    super(scheduler, scheduled);
    this.task = task;
    scheduler.track(this);
  }

  @Override
  protected boolean poll(Worker worker) {
    boolean done = true;
    try {
      done = task.poll(this);
    } finally {
      if (done) { // finished, or threw: either way it is never polled again
        task = null;
        scheduler.untrack(this);
      }
    }
    if (done) {
      complete(null);
    }
    return done;
  }

  @Override
  public Waker waker() {
    return this;
  }

  @Override
  public Runtime runtime() {
    return scheduler.runtime();
  }

  @Override
  public boolean consumeBudget() {
    return Coop.consume();
  }

  @Override
  protected void onCancel() {
    scheduler.untrack(this);
  }

  @Override
  public String toString() {
    Task t = task;
    return t == null ? super.toString() : super.toString() + "[" + t + "]";
  }
}
