package dev.eddy.time;

import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A wheel of {@link #WHEEL_SIZE} slots of {@link #TICK} on a {@link TestClock}, running due actions
 * on the thread that advances the clock; started before and closed after each test.
 */
abstract class ManualWheelFixture {

  static final Duration TICK = Duration.ofMillis(10);
  static final int WHEEL_SIZE = 8; // one rotation = 80 ms

  final TestClock clock = new TestClock();
  final WheelTimer timer = new WheelTimer(clock, Runnable::run, TICK, WHEEL_SIZE, "t");

  @BeforeEach
  void startWheel() {
    timer.start();
  }

  @AfterEach
  void closeWheel() {
    timer.close();
  }
}
