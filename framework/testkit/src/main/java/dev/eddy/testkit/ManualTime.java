package dev.eddy.testkit;

import dev.eddy.time.TestClock;
import java.time.Duration;
import java.util.Objects;

/**
 * Time that moves only when the test says so, for an {@link ActorTestKit} created {@link
 * ActorTestKit#withManualTime() with manual time}: timers, ask timeouts and restart backoffs
 * then fire on {@link #advance} and nowhere else, so timer-driven tests run instantly and
 * deterministically. Pekko's {@code ManualTime}.
 *
 * <p>Thread-safety: as {@link TestClock}.
 */
public final class ManualTime {

  private final TestClock clock;

  ManualTime(TestClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Moves time forward by {@code amount}: every timer due by then is handed to the runtime's
   * workers before this returns (its message then arrives asynchronously: expect it on a probe).
   */
  public void advance(Duration amount) {
    clock.advance(amount);
  }

  /** How far time has been advanced. */
  public Duration elapsed() {
    return clock.elapsed();
  }

  /**
   * Advances time by {@code amount} and asserts that none of {@code probes} gets a message.
   * Pekko's {@code expectNoMessageFor}.
   */
  public void expectNoMessageFor(Duration amount, TestProbe<?>... probes) {
    advance(amount);
    for (TestProbe<?> p : probes) {
      p.expectNoMessage();
    }
  }

  /** The underlying clock. */
  public TestClock clock() {
    return clock;
  }
}
