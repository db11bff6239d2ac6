package dev.eddy.runtime;

/**
 * A handle that re-schedules a task so that the runtime polls it again.
 *
 * <p>This is Rust's {@code std::task::Waker}. Anything a task waits on (a channel, a timer, a
 * socket, a mailbox) keeps the task's waker and calls {@link #wake()} when the task can make
 * progress.
 *
 * <p>Thread-safety: {@code wake()} may be called from any thread, any number of times, at any
 * moment. However many wakes race, the task is scheduled at most once until its next poll starts;
 * a wake that arrives while the task is being polled makes the runtime poll it once more after
 * the current poll returns. Everything a thread did before calling {@code wake()} is visible to
 * the poll that the wake causes. Waking a finished task does nothing.
 */
@FunctionalInterface
public interface Waker {

  /** Schedules the task to be polled again; cheap and non-blocking. */
  void wake();
}
