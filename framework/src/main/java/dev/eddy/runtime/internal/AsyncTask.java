package dev.eddy.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

  private static final VarHandle FINISHED;

  static {
    try {
      FINISHED = MethodHandles.lookup().findVarHandle(AsyncTask.class, "finished", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Supplier<? extends CompletionStage<T>> supplier;
  private volatile CompletionStage<T> inner;
  /**
   * Set once, by whichever of the stage and abort comes first: the task is then counted as
   * finished and untracked. Not the handle's own completion, which the user may win (a {@code
   * complete} or {@code orTimeout} on {@code toCompletableFuture()}).
   */
  @SuppressWarnings("unused") // through FINISHED
  private volatile boolean finished;

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
    // Tracked before the stage is published: an abort that sees the stage finds the task in the
    // registry, so its untrack cannot come first and leave the task tracked for good.
    scheduler.track(this);
    inner = stage;
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

  /**
   * Completes the handle (unless someone completed it already) and, the first time only, counts
   * the task as done and untracks it, whether or not this call completed the handle.
   */
  private void finish(T value, Throwable failure) {
    if (failure == null) {
      complete(value);
    } else {
      completeExceptionally(failure);
    }
    if (FINISHED.compareAndSet(this, false, true)) {
      scheduler.untrack(this);
      scheduler.countCompleted(scheduler.currentWorker());
    }
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
    if (stage == null || finished) {
      return false; // the stage has completed: nothing to cancel
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
