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
final class PollTask extends TrackedTask<Void> implements TaskHandle, TaskContext {

  private Task task;
  /**
   * The {@link Worker#uid} of the worker polling this task, 0 between polls. Written only by that
   * worker; another thread may read a stale value, but never its own uid unless it is the poller
   * (it wrote 0 after its own last poll), which is all {@link #wokeInsideOwnPoll()} needs.
   */
  private int polledBy;
  /** Set by a wake from inside the task's own poll; read and cleared by the same thread. */
  private boolean wokenDuringPoll;

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
  protected void beginPoll(Worker worker) {
    polledBy = worker.uid;
  }

  @Override
  protected boolean wokeInsideOwnPoll() {
    int by = polledBy;
    if (by != 0 && Thread.currentThread() instanceof WorkerThread t && t.worker().uid == by) {
      // Only the polling thread gets here, and its end-of-poll CAS re-schedules the task.
      wokenDuringPoll = true;
      return true;
    }
    return false;
  }

  @Override
  protected boolean endPoll() {
    polledBy = 0;
    boolean woken = wokenDuringPoll;
    wokenDuringPoll = false;
    return woken;
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
