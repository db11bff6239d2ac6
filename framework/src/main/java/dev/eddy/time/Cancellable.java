package dev.eddy.time;

/**
 * A scheduled timer that can be stopped. Cancelling frees the timer's slot in the wheel at once.
 *
 * <p>Thread-safety: may be called from any thread, any number of times.
 */
public interface Cancellable {

  /**
   * Stops the timer: a pending action never runs, a repeating one never runs again.
   *
   * @return {@code true} if this call stopped it; {@code false} if it had already fired (for a
   *     one-shot timer) or was already cancelled
   */
  boolean cancel();

  /** Whether {@link #cancel()} has been called successfully. */
  boolean isCancelled();
}
