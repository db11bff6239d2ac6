package dev.eddy.time;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Deadlines on a runtime: sleeps, timeouts, delayed and repeating actions. Every {@link
 * dev.eddy.runtime.Runtime} has one ({@code runtime.timer()}), backed by a hashed timer wheel with
 * the resolution {@code eddy.runtime.timer.tick}; no thread is created per timer.
 *
 * <p>Who runs what: stages returned here are completed, and actions are run, on a worker thread
 * of the runtime, so their continuations run there too. Deadlines are rounded up to a whole tick
 * and never fire early; timers with the same deadline fire in the order they were created.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface Timer {

  /** The clock deadlines are measured against. */
  Clock clock();

  /**
   * A stage that completes (with {@code null}) once {@code delay} has passed. Cancelling the
   * stage's future ({@code toCompletableFuture().cancel(...)}) frees the timer.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  CompletionStage<Void> sleep(Duration delay);

  /**
   * {@code stage}'s outcome if it completes within {@code limit}; otherwise a stage that fails with
   * a {@link TimeoutExceededException} naming the limit, after cancelling the work behind {@code
   * stage} where it can (its {@code toCompletableFuture().cancel(true)}, which aborts a {@link
   * dev.eddy.runtime.JoinHandle}'s task). The timer is freed as soon as {@code stage} completes.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  <T> CompletionStage<T> timeout(CompletionStage<T> stage, Duration limit);

  /**
   * Runs {@code action} on a worker once {@code delay} has passed, unless cancelled first. An
   * exception thrown by {@code action} is logged. If the timer closes first (the runtime shuts
   * down) the action silently never runs; use {@link #schedule(Duration, Runnable, Consumer)} to
   * learn of that.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  Cancellable schedule(Duration delay, Runnable action);

  /**
   * As {@link #schedule(Duration, Runnable)}, and if {@code action} will never run although it
   * was not cancelled (the timer closed with the runtime, or the runtime no longer took the due
   * action), {@code onAbort} is called once with the reason instead, so that whoever waits for
   * the action (an ask's timeout, say) can stop waiting. {@code onAbort} runs on the thread that
   * closes the timer, the timer's own thread or the thread that arms a timer on a closed timer; it
   * must be fast and must not block. An exception it throws is logged. Exactly one of {@code
   * action} and {@code onAbort} runs, unless the returned {@link Cancellable} is cancelled first,
   * in which case neither does.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  Cancellable schedule(
      Duration delay, Runnable action, Consumer<? super CancellationException> onAbort);

  /**
   * Runs {@code action} on a worker every {@code period}, first after one period, until cancelled.
   * Ticks are at fixed rate from the start; a tick that would start while the previous run of
   * {@code action} is still going is skipped, so runs never overlap. An exception thrown by
   * {@code action} is logged and the interval goes on.
   *
   * @throws IllegalArgumentException if {@code period} is not positive
   */
  Cancellable interval(Duration period, Runnable action);
}
