package dev.eddy.runtime.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A task that calls a {@link Supplier} of a {@link CompletionStage} on a worker and completes
 * with that stage's outcome. The task itself finishes after one poll; its handle stays pending
 * until the stage completes, and aborting it then cancels the stage where the stage allows.
 */
final class AsyncTask<T> extends TrackedTask<T> {

  private Supplier<? extends CompletionStage<T>> supplier;
  private volatile CompletionStage<T> inner;

  AsyncTask(Scheduler scheduler, Supplier<? extends CompletionStage<T>> supplier) {
    super(scheduler, true);
    this.supplier = supplier;
  }

  @Override
  protected boolean pollsOnce() {
    return true;
  }

  @Override
  protected boolean poll(Worker worker) {
    Supplier<? extends CompletionStage<T>> s = supplier;
    supplier = null;
    CompletionStage<T> stage = s.get();
    if (stage == null) {
      throw new NullPointerException("the supplier given to spawnAsync returned null instead of "
          + "a CompletionStage");
    }
    inner = stage;
    scheduler.track(this);
    stage.whenComplete((value, failure) -> {
      if (failure != null) {
        finish(null, failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure);
      } else {
        finish(value, null);
      }
    });
    return true;
  }

  /** Completes the handle once, from the stage or from abort, and counts the task as done. */
  private boolean finish(T value, Throwable failure) {
    boolean first = failure == null ? complete(value) : completeExceptionally(failure);
    if (first) {
      scheduler.untrack(this);
      scheduler.countCompleted(scheduler.currentWorker());
    }
    return first;
  }

  @Override
  protected boolean awaitsAfterFinalPoll() {
    return true; // alive until the stage completes
  }

  @Override
  public boolean abort() {
    CompletionStage<T> stage = inner;
    if (stage == null && super.abort()) {
      return true; // cancelled before the supplier ran (or while it runs: see below)
    }
    return cancelStage();
  }

  @Override
  protected void abortedDuringFinalPoll() {
    cancelStage();
  }

  private boolean cancelStage() {
    CompletionStage<T> stage = inner;
    if (stage == null || isDone()) {
      return false;
    }
    try {
      stage.toCompletableFuture().cancel(true);
    } catch (UnsupportedOperationException e) {
      // This stage cannot be cancelled from outside; the handle still completes as cancelled
      // below, so that whoever waits on it stops waiting.
    }
    finish(null, new CancellationException("task aborted"));
    return isCancelled(); // cancelling the stage may itself have completed the handle
  }

  @Override
  protected void onCancel() {
    supplier = null;
  }
}
