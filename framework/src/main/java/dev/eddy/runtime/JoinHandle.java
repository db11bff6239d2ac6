package dev.eddy.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;

/**
 * The result of a spawned task: a {@link CompletionStage} that completes when the task finishes,
 * and a way to {@link #abort()} it. Tokio's {@code JoinHandle}.
 *
 * <p>The stage completes normally with the task's value, exceptionally with the exception the task
 * threw, or exceptionally with a {@link CancellationException} if the task was aborted or the
 * runtime shut down before the task finished.
 *
 * <p>Who runs continuations: a dependent stage attached with a non-{@code Async} method
 * ({@code thenApply}, {@code whenComplete}, ...) runs on the thread that completes the handle,
 * which is a worker thread of the runtime (for {@link Runtime#spawnBlocking} too: the result hops
 * back to a worker), or the thread that called {@code abort()}. Attach it with {@code
 * thenApplyAsync(fn, runtime)} to run it as a task of its own.
 *
 * <p>Thread-safety: all methods may be called from any thread. Waiting on a handle with {@code
 * toCompletableFuture().join()} or {@code get()} from a worker thread would block that worker and
 * is refused with an {@link IllegalStateException}; compose the stage instead.
 *
 * <p>{@code toCompletableFuture()} returns a future backed by the task; completing that future
 * yourself does not stop the task (use {@link #abort()}), and the task's own result is then
 * ignored.
 *
 * @param <T> the task's result type
 */
public interface JoinHandle<T> extends CompletionStage<T> {

  /**
   * Asks the task to stop. A task that has not started yet never runs; a task that is waiting
   * (between polls) is finished at once; a task that is being polled finishes when the poll
   * returns. In each case the handle completes with a {@link CancellationException}, except that
   * a task whose current poll finishes it (a {@code Runnable} or {@code Callable} already running,
   * or a {@link Task} returning {@code true}) completes with its own result, as in Tokio.
   *
   * @return {@code true} if this call recorded the request, {@code false} if the task had already
   *     finished or was already aborted
   */
  boolean abort();

  /** Whether the task has finished (normally, exceptionally, or aborted). */
  boolean isDone();
}
