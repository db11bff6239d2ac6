package dev.eddy.runtime.internal;

import java.util.concurrent.Callable;

/** A task that runs a {@link Runnable} or {@link Callable} once and completes with its result. */
final class FnTask<T> extends RawTask<T> {

  private Object fn;
  /** One of the runtime's own hand-offs: runs, rather than being dropped, at shutdown. */
  private final boolean internal;

  FnTask(Scheduler scheduler, Object fn) {
    this(scheduler, fn, false);
  }

  FnTask(Scheduler scheduler, Object fn, boolean internal) {
    super(scheduler, true);
    this.fn = fn;
    this.internal = internal;
  }

  @Override
  protected boolean runsAtShutdown() {
    return internal;
  }

  @Override
  @SuppressWarnings("unchecked")
  protected boolean poll(Worker worker) throws Exception {
    Object f = fn;
    fn = null; // let the closure be collected while the handle lives on
    if (f instanceof Runnable r) {
      r.run();
      complete(null);
    } else {
      complete(((Callable<T>) f).call());
    }
    return true;
  }

  @Override
  protected boolean pollsOnce() {
    return true;
  }

  @Override
  protected void onCancel() {
    fn = null;
  }

  @Override
  public String toString() {
    Object f = fn;
    return f == null ? super.toString() : super.toString() + "[" + f + "]";
  }
}
