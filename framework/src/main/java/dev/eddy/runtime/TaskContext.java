package dev.eddy.runtime;

/**
 * What a {@link Task} sees while it is being polled: Rust's {@code std::task::Context} plus
 * Tokio's cooperative budget.
 *
 * <p>A context is owned by the worker thread that polls the task and is valid only during that
 * {@link Task#poll(TaskContext)} call; do not keep it. Keep the {@link #waker()} instead: it
 * stays valid for the task's whole life.
 */
public interface TaskContext {

  /** The waker of the task being polled. Stable: the same object on every poll of a task. */
  Waker waker();

  /** The runtime the task runs on. */
  Runtime runtime();

  /**
   * Takes one unit from the budget of the current poll (Tokio's {@code consume_budget}).
   *
   * <p>A task that loops over ready work (a full mailbox, a socket with data) calls this once per
   * item; when it returns {@code false} the task should wake itself and return {@code false}, so
   * that other tasks on this worker get to run. The budget is {@code eddy.runtime.budget} units
   * per poll, shared with the tasks the worker runs straight after this one from its LIFO slot.
   *
   * @return {@code true} if the unit was taken; {@code false} if the budget is spent
   */
  boolean consumeBudget();
}
