package dev.eddy.runtime.internal;

/**
 * A task that can sit idle outside every run queue (a registered task waiting for a wake, an
 * async task waiting for its stage), so that only the {@link TaskRegistry} can find it when the
 * runtime shuts down. Its registry links live in the task itself: tracking allocates nothing.
 */
abstract class TrackedTask<T> extends RawTask<T> {

  /** The stripe holding this task, or {@code null} when untracked; guarded by that stripe. */
  TaskRegistry.Stripe trackStripe;
  /** Neighbours in the stripe's list; guarded by the stripe. */
  TrackedTask<?> trackPrev;
  TrackedTask<?> trackNext;

  TrackedTask(Scheduler scheduler, boolean scheduled) {
    super(scheduler, scheduled);
  }
}
