package dev.eddy.time.internal;

import dev.eddy.time.TimeoutExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WheelTimer#timeout}: a race between a stage and a timer entry, won by whichever completes
 * the result first.
 *
 * <p>Threads: the stage's outcome is handed to the timer's executor (inline if the executor no
 * longer takes work), and the timeout failure is completed there too, so continuations of the
 * result always run on the executor. Cancelling the result frees the timer but leaves the stage
 * alone.
 */
final class Timeout {

  private static final Logger log = LoggerFactory.getLogger(Timeout.class);

  private Timeout() {}

  static <T> CompletableFuture<T> start(
      WheelTimer timer, CompletionStage<T> stage, Duration limit, long limitNanos) {
    CompletableFuture<T> result = new CompletableFuture<>();
    TimerEntry entry =
        TimerEntry.oneShot(
            timer,
            timer.deadlineAfter(limitNanos),
            () -> {
              if (result.completeExceptionally(new TimeoutExceededException(null, limit))) {
                cancelWork(stage);
              }
            },
            result::completeExceptionally);
    result.whenComplete((ignored, failure) -> entry.cancel());
    // Registered before arming, so that a stage that is already complete cancels the entry
    // before it is armed; the timer is freed as soon as the stage completes, before the hand-off.
    stage.whenComplete(
        (value, failure) -> {
          entry.cancel();
          if (!result.isDone()) {
            timer.executeOrRun(
                () -> {
                  if (failure == null) {
                    result.complete(value);
                  } else {
                    result.completeExceptionally(failure);
                  }
                });
          }
        });
    timer.arm(entry, limitNanos);
    return result;
  }

  private static void cancelWork(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().cancel(true);
    } catch (UnsupportedOperationException e) {
      // A stage without a future view (e.g. minimalCompletionStage) cannot be cancelled; the
      // timeout has been reported all the same.
      log.debug("timed-out stage {} cannot be cancelled: {}", stage, e.toString());
    }
  }
}
