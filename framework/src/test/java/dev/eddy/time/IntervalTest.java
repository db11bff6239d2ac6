package dev.eddy.time;

import static dev.eddy.time.WheelTimerTest.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Timer#interval} on a {@link TestClock}. */
class IntervalTest extends ManualWheelFixture {

  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void runsOncePerPeriodStartingAfterOnePeriod() {
    timer.interval(ms(30), runs::incrementAndGet);

    clock.advance(ms(29));
    assertThat(runs).hasValue(0);
    clock.advance(ms(1));
    assertThat(runs).hasValue(1);
    for (int i = 0; i < 4; i++) {
      clock.advance(ms(30));
    }
    assertThat(runs).hasValue(5);
    clock.advance(ms(90)); // three periods in one step
    assertThat(runs).hasValue(8);
  }

  @Test
  void keepsAFixedRateFromTheStart() {
    List<Duration> at = new ArrayList<>();
    clock.advance(ms(5));
    timer.interval(ms(20), () -> at.add(clock.elapsed()));

    for (int i = 0; i < 14; i++) {
      clock.advance(ms(5)); // small steps, so that each run sees the time it fired at
    }

    // Due at 25, 45, 65: each rounded up to the next tick, none drifting from the previous run.
    assertThat(at).containsExactly(ms(30), ms(50), ms(70));
  }

  @Test
  void stopsOnceCancelledAndFreesItsTimer() {
    Cancellable interval = timer.interval(ms(10), runs::incrementAndGet);
    clock.advance(ms(20));

    assertThat(interval.cancel()).isTrue();
    assertThat(interval.cancel()).isFalse();
    assertThat(interval.isCancelled()).isTrue();
    clock.advance(ms(100));

    assertThat(runs).hasValue(2);
    assertThat(timer.pendingCount()).isZero();
  }

  @Test
  void canCancelItselfFromItsAction() {
    AtomicReference<Cancellable> self = new AtomicReference<>();
    self.set(
        timer.interval(
            ms(10),
            () -> {
              if (runs.incrementAndGet() == 2) {
                self.get().cancel();
              }
            }));

    clock.advance(ms(100));

    assertThat(runs).hasValue(2);
  }

  @Test
  void skipsPeriodsWhileThePreviousRunIsStillGoing() {
    ManualExecutor executor = new ManualExecutor();
    try (WheelTimer manual = new WheelTimer(clock, executor, TICK, 8, "manual")) {
      manual.start();
      manual.interval(ms(10), runs::incrementAndGet);

      clock.advance(ms(10));
      assertThat(executor.queued()).isEqualTo(1);
      clock.advance(ms(20)); // two periods while the first run has not finished: both skipped
      assertThat(executor.queued()).isEqualTo(1);

      executor.runAll();
      assertThat(runs).hasValue(1);
      clock.advance(ms(10));
      executor.runAll();
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  void goesOnAfterTheActionThrows() {
    timer.interval(
        ms(10),
        () -> {
          if (runs.incrementAndGet() == 1) {
            throw new IllegalStateException("expected by the test");
          }
        });

    clock.advance(ms(30));

    assertThat(runs).hasValue(3);
  }

  @Test
  void periodShorterThanTheTickRunsOncePerTick() {
    timer.interval(ms(4), runs::incrementAndGet);

    clock.advance(ms(9));
    assertThat(runs).hasValue(0);
    clock.advance(ms(1));
    assertThat(runs).hasValue(1);
    clock.advance(ms(30));
    assertThat(runs).hasValue(4);
  }

  @Test
  void closeStopsIt() {
    Cancellable interval = timer.interval(ms(10), runs::incrementAndGet);

    timer.close();
    clock.advance(ms(100));

    assertThat(runs).hasValue(0);
    assertThat(interval.isCancelled()).isTrue();
  }

  @Test
  void nonPositivePeriodIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> timer.interval(Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }
}
