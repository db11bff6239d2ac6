package dev.eddy.time;

import static dev.eddy.time.WheelTimerTest.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TestClockTest {

  private final TestClock clock = new TestClock();

  @Test
  void startsAtZeroAndMovesOnlyWhenAdvanced() {
    assertThat(clock.nanoTime()).isZero();

    clock.advance(ms(3));
    clock.advance(Duration.ofNanos(7));

    assertThat(clock.nanoTime()).isEqualTo(3_000_007L);
    assertThat(clock.elapsed()).isEqualTo(Duration.ofNanos(3_000_007L));
  }

  @Test
  void negativeAmountIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> clock.advance(ms(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-0.001S");
    assertThat(clock.nanoTime()).isZero();
  }

  @Test
  void advanceDrivesEveryStartedWheelUntilItCloses() {
    WheelTimer two = new WheelTimer(clock, Runnable::run, ms(5), 16, "two");
    try (WheelTimer one = new WheelTimer(clock, Runnable::run, ms(1), 16, "one")) {
      one.start();
      two.start();
      CompletableFuture<Void> first = one.sleep(ms(5)).toCompletableFuture();
      CompletableFuture<Void> second = two.sleep(ms(5)).toCompletableFuture();

      clock.advance(ms(5));

      assertThat(first).isDone();
      assertThat(second).isDone();
      two.close();
      clock.advance(ms(5)); // a closed wheel is detached: nothing to drive, nothing thrown
    } finally {
      two.close();
    }
  }

  @Test
  void actionMayAdvanceTheClockItself() {
    try (WheelTimer timer = new WheelTimer(clock, Runnable::run, ms(1), 16, "t")) {
      timer.start();
      CompletableFuture<Void> later = timer.sleep(ms(20)).toCompletableFuture();
      timer.schedule(ms(5), () -> clock.advance(ms(15)));

      clock.advance(ms(5));

      assertThat(clock.elapsed()).isEqualTo(ms(20));
      assertThat(later).isDone();
    }
  }
}
