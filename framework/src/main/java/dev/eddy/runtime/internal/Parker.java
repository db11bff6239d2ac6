package dev.eddy.runtime.internal;

/**
 * How an idle worker waits, and how another thread wakes it. This is the hook where the I/O
 * driver plugs in: a worker with a selector parks in {@code select} and is woken with {@code
 * wakeup()}, and polls it without blocking from {@link #pollEvents()} every {@code
 * eddy.runtime.event-interval} ticks. The runtime's parker is the reactor's {@code
 * SelectorParker} (package {@code dev.eddy.reactor.internal}).
 *
 * <p>Thread rules: {@link #park}, {@link #parkNanos} and {@link #pollEvents} are called only by
 * the owning worker thread; {@link #unpark} from any thread, any number of times. An {@code
 * unpark} that happens before {@code park} makes that {@code park} return at once (a permit, as
 * with {@link java.util.concurrent.locks.LockSupport}). {@code park} may return spuriously.
 */
public interface Parker {

  /** Waits until {@link #unpark} is called (or spuriously). */
  void park();

  /** Waits until {@link #unpark} is called or {@code nanos} pass (or spuriously). */
  void parkNanos(long nanos);

  /** Wakes the owner if it is parked, or makes its next park return at once. */
  void unpark();

  /**
   * Handles ready events without blocking (for an I/O driver: wake the tasks whose channels are
   * ready). The plain parker has none.
   */
  default void pollEvents() {}

  /**
   * Handles this parker's events from a thread other than the owner, while the owner is stuck in
   * one long poll (see {@link BlockedWorkerDetector}): for an I/O driver, waits up to {@code
   * nanos} for readiness and wakes the ready tasks, which then run on other workers. Returns at
   * once, {@code false}, when the owner is using the parker itself or the parker has closed; the
   * owner takes the parker back as soon as it wants to park. The plain parker has nothing to
   * drive.
   *
   * @return whether anything was driven
   */
  default boolean driveForStuckOwner(long nanos) {
    return false;
  }

  /** Releases what the parker holds (a selector). Called once by the owner as it exits. */
  default void close() {}
}
