package dev.eddy.runtime.internal;

/**
 * Cooperative scheduling for ready operations (Tokio's {@code coop}): an operation that could
 * complete at once (a channel with a message waiting, a socket with bytes) first takes a unit of
 * the current task's budget. When the budget is spent, the operation completes through {@link
 * #defer(Runnable)} instead, as a task of its own, so that the stack unwinds and other tasks get
 * to run. Without this, a loop of {@code receive().thenCompose(...)} over a full channel would run
 * forever on one worker (and grow the stack with every message).
 *
 * <p>Outside a worker thread there is no budget: {@link #consume()} always succeeds.
 *
 * <p>Thread-safety: static, callable from any thread; the budget is per worker thread.
 */
public final class Coop {

  private Coop() {}

  /**
   * Takes one unit of the current task's budget.
   *
   * @return {@code true} if the caller may complete synchronously; {@code false} if the budget is
   *     spent and the caller should complete through {@link #defer(Runnable)}
   */
  public static boolean consume() {
    return !(Thread.currentThread() instanceof WorkerThread t) || t.worker().consumeBudget();
  }

  /**
   * Runs {@code completion} later as a task on the current worker's runtime (at the back of its
   * queue), or right away when not on a worker thread. It always runs: if the workers stop first,
   * the thread that drains their queues at shutdown runs it.
   */
  public static void defer(Runnable completion) {
    if (Thread.currentThread() instanceof WorkerThread t) {
      t.worker().scheduler().deferLocal(completion);
    } else {
      completion.run();
    }
  }
}
