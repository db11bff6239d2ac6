package dev.eddy.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sleeps, scheduled actions, ordering, cancellation and closing, on a {@link TestClock}. */
class WheelTimerTest extends ManualWheelFixture {

  @Test
  void sleepCompletesWhenTheClockReachesTheDeadlineAndNotBefore() {
    CompletableFuture<Void> done = sleep(30);

    clock.advance(ms(29));
    assertThat(done).isNotDone();
    clock.advance(ms(1));
    assertThat(done).isCompletedWithValue(null);
  }

  @Test
  void deadlineBetweenTicksIsRoundedUpToTheNextTick() {
    CompletableFuture<Void> done = sleep(21);

    clock.advance(ms(29));
    assertThat(done).isNotDone();
    clock.advance(ms(1));
    assertThat(done).isDone();
  }

  @Test
  void deadlineCountsFromTheCurrentTimeNotFromTheTickStart() {
    clock.advance(ms(5));
    CompletableFuture<Void> done = sleep(10); // due at 15, rounded up to 20

    clock.advance(ms(10));
    assertThat(done).isNotDone();
    clock.advance(ms(5));
    assertThat(done).isDone();
  }

  @Test
  void zeroDelayIsDueAtOnce() {
    assertThat(sleep(0)).isDone();
  }

  @Test
  void negativeDelayIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> timer.sleep(ms(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-0.001S");
    assertThatThrownBy(() -> timer.schedule(ms(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-0.001S");
  }

  @Test
  void timersFireByDeadlineThenCreationOrder() {
    List<String> fired = new ArrayList<>();
    for (String name : List.of("c:35", "b1:31", "b2:31", "a:12", "d:39", "b3:31", "e:40")) {
      String[] parts = name.split(":");
      timer.schedule(ms(Integer.parseInt(parts[1])), () -> fired.add(parts[0]));
    }

    clock.advance(ms(100));

    assertThat(fired).containsExactly("a", "b1", "b2", "b3", "c", "d", "e");
  }

  @Test
  void dueWorkIsHandedToTheExecutorInFiringOrderAndRunsThere() {
    ManualExecutor executor = new ManualExecutor();
    try (WheelTimer manual = new WheelTimer(clock, executor, TICK, WHEEL_SIZE, "manual")) {
      manual.start();
      List<Integer> order = new ArrayList<>();
      manual.sleep(ms(20)).thenRun(() -> order.add(2));
      manual.schedule(ms(10), () -> order.add(1));
      manual.sleep(ms(20)).thenRun(() -> order.add(3));

      clock.advance(ms(20));
      assertThat(order).isEmpty();
      assertThat(executor.queued()).isEqualTo(3);

      executor.runAll();
      assertThat(order).containsExactly(1, 2, 3);
    }
  }

  @Test
  void timersMoreThanOneRotationAwayWaitForTheirRound() {
    // 10, 90 and 250 ms all land in bucket 1 of 8; the later ones are 1 and 3 rotations away.
    CompletableFuture<Void> first = sleep(10);
    CompletableFuture<Void> second = sleep(90);
    CompletableFuture<Void> third = sleep(250);

    clock.advance(ms(10));
    assertThat(first).isDone();
    assertThat(second).isNotDone();
    clock.advance(ms(79));
    assertThat(second).isNotDone();
    clock.advance(ms(1));
    assertThat(second).isDone();
    clock.advance(ms(159));
    assertThat(third).isNotDone();
    clock.advance(ms(1));
    assertThat(third).isDone();
    assertThat(timer.pendingCount()).isZero();
  }

  @Test
  void longAdvanceFiresEveryTimerOnTheWay() {
    AtomicInteger fired = new AtomicInteger();
    for (int delay = 0; delay <= 1_000; delay += 7) {
      timer.schedule(ms(delay), fired::incrementAndGet);
    }

    clock.advance(Duration.ofHours(1));

    assertThat(fired).hasValue(143);
  }

  @Test
  void cancelledTimerNeverFiresAndIsFreed() {
    List<String> fired = new ArrayList<>();
    Cancellable a = timer.schedule(ms(20), () -> fired.add("a"));
    Cancellable b = timer.schedule(ms(20), () -> fired.add("b"));
    timer.schedule(ms(300), () -> fired.add("c"));
    assertThat(timer.pendingCount()).isEqualTo(3);

    assertThat(b.cancel()).isTrue();
    assertThat(b.cancel()).isFalse();
    assertThat(b.isCancelled()).isTrue();
    clock.advance(Duration.ZERO);
    assertThat(timer.pendingCount()).isEqualTo(2);

    clock.advance(ms(300));
    assertThat(fired).containsExactly("a", "c");
    assertThat(a.cancel()).isFalse();
    assertThat(a.isCancelled()).isFalse();
    assertThat(timer.pendingCount()).isZero();
  }

  @Test
  void cancellingATimerAlreadyInItsBucketUnlinksIt() {
    AtomicInteger fired = new AtomicInteger();
    Cancellable far = timer.schedule(ms(500), fired::incrementAndGet);
    clock.advance(ms(10)); // now linked in the wheel, several rounds out

    far.cancel();
    clock.advance(Duration.ZERO);

    assertThat(timer.pendingCount()).isZero();
    clock.advance(ms(500));
    assertThat(fired).hasValue(0);
  }

  @Test
  void cancellingTheSleepFutureFreesTheTimer() {
    CompletableFuture<Void> done = sleep(50);

    assertThat(done.cancel(false)).isTrue();
    clock.advance(Duration.ZERO);

    assertThat(timer.pendingCount()).isZero();
  }

  @Test
  void rejectedHandOffFailsTheSleepWithCancellation() {
    try (WheelTimer rejecting =
        new WheelTimer(
            clock,
            task -> {
              throw new RejectedExecutionException("runtime is shutting down");
            },
            TICK,
            WHEEL_SIZE,
            "rejecting")) {
      rejecting.start();
      CompletableFuture<Void> done = rejecting.sleep(ms(10)).toCompletableFuture();

      clock.advance(ms(10));

      assertThat(Failures.of(done))
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("shutting down");
    }
  }

  @Test
  void scheduledActionThatThrowsDoesNotStopOtherTimers() {
    AtomicInteger fired = new AtomicInteger();
    timer.schedule(
        ms(10),
        () -> {
          throw new IllegalStateException("expected by the test");
        });
    timer.schedule(ms(10), fired::incrementAndGet);

    clock.advance(ms(10));

    assertThat(fired).hasValue(1);
  }

  @Test
  void closeFailsPendingSleepsAndDropsActions() {
    AtomicInteger fired = new AtomicInteger();
    CompletableFuture<Void> pendingSleep = sleep(30);
    clock.advance(ms(10));
    Cancellable action = timer.schedule(ms(10), fired::incrementAndGet);

    timer.close();
    timer.close();

    assertThat(Failures.of(pendingSleep))
        .isInstanceOf(CancellationException.class)
        .hasMessage("timer closed");
    assertThat(action.isCancelled()).isTrue();
    assertThat(timer.pendingCount()).isZero();
    clock.advance(ms(100));
    assertThat(fired).hasValue(0);
  }

  @Test
  void afterCloseNewTimersFailAtOnce() {
    timer.close();

    assertThat(Failures.of(sleep(10)))
        .isInstanceOf(CancellationException.class)
        .hasMessage("timer closed");
    assertThat(Failures.of(sleep(0))).isInstanceOf(CancellationException.class);
    assertThat(timer.schedule(ms(10), () -> {}).isCancelled()).isTrue();
    assertThat(timer.interval(ms(10), () -> {}).isCancelled()).isTrue();
    assertThatThrownBy(() -> timer.start()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void timersCreatedBeforeStartCountFromCreationButFireOnlyOnceStarted() {
    try (WheelTimer notStarted = new WheelTimer(clock, Runnable::run, TICK, WHEEL_SIZE, "later")) {
      CompletableFuture<Void> done = notStarted.sleep(ms(10)).toCompletableFuture();
      clock.advance(ms(20));
      assertThat(done).isNotDone();

      notStarted.start();
      clock.advance(Duration.ZERO);

      assertThat(done).isDone();
    }
  }

  @Test
  void constructorRejectsBadSettingsNamingTheValue() {
    assertThatThrownBy(() -> new WheelTimer(clock, Runnable::run, TICK, 6, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power of two")
        .hasMessageContaining("6");
    assertThatThrownBy(() -> new WheelTimer(clock, Runnable::run, Duration.ZERO, 8, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }

  private CompletableFuture<Void> sleep(long millis) {
    return timer.sleep(ms(millis)).toCompletableFuture();
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
