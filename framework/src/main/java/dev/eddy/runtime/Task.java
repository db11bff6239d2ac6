package dev.eddy.runtime;

/**
 * The unit of work the runtime schedules: something that makes progress in bounded steps.
 *
 * <p>This is the runtime's service-provider interface, the Java form of Rust's {@code Future}:
 * actors, connections and other long-lived state machines implement it; plain code uses {@link
 * Runtime#spawn(Runnable)} and friends instead.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>{@link #poll(TaskContext)} does a bounded amount of work and returns {@code true} when the
 *       task is finished (it is never polled again) or {@code false} when it is waiting for
 *       something. Before returning {@code false} it must have arranged for {@link
 *       TaskContext#waker()} to be called when it can make progress, or it will never run again.
 *   <li>A poll must not block the thread: blocking work goes to {@link
 *       Runtime#spawnBlocking(java.util.concurrent.Callable)}.
 *   <li>The runtime never polls one task from two threads at once, and every poll happens-after
 *       the previous poll of the same task, so a task's fields need no synchronization of their
 *       own between polls.
 *   <li>An exception thrown by {@code poll} finishes the task: its handle completes exceptionally
 *       and the exception is logged once. It never kills a worker.
 * </ul>
 */
@FunctionalInterface
public interface Task {

  /**
   * Makes progress.
   *
   * @param cx the worker's context for this poll: the task's waker, the runtime, and the
   *     cooperative budget. Valid only during this call.
   * @return {@code true} if the task has finished, {@code false} if it waits to be woken
   */
  boolean poll(TaskContext cx);
}
