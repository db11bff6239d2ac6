package dev.eddy.runtime.internal;

import dev.eddy.runtime.Task;
import dev.eddy.runtime.TaskHandle;

/**
 * A user {@link Task}: polled until it reports completion, woken through this object, which is
 * also its {@link TaskHandle}. Tracked while alive so that shutdown can abort it.
 */
final class PollTask extends RawTask<Void> implements TaskHandle {

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
      done = task.poll(worker);
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
  protected void onCancel() {
    scheduler.untrack(this);
  }

  @Override
  public String toString() {
    Task t = task;
    return t == null ? super.toString() : super.toString() + "[" + t + "]";
  }
}
