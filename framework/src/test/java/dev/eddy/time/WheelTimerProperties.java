package dev.eddy.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * For any delays and any way of advancing the clock, each timer fires exactly once, at the first
 * advance that reaches its deadline rounded up to a tick, and timers fire sorted by (rounded tick,
 * deadline, creation order).
 */
class WheelTimerProperties {

  private static final long TICK = 10;
  private static final int WHEEL_SIZE = 4; // small, so that most timers go round several times

  @Property(tries = 300)
  void timersFireOnceAtTheFirstAdvanceReachingTheirRoundedDeadline(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 300) Integer> delays,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 40) Integer> steps,
      @ForAll @IntRange(min = 0, max = 9) int startOffset) {
    TestClock clock = new TestClock();
    record Fired(int id, long at) {}
    List<Fired> fired = new ArrayList<>();
    try (WheelTimer timer =
        new WheelTimer(clock, Runnable::run, Duration.ofMillis(TICK), WHEEL_SIZE, "p")) {
      timer.start();
      clock.advance(Duration.ofMillis(startOffset));
      for (int id = 0; id < delays.size(); id++) {
        int me = id;
        timer.schedule(
            Duration.ofMillis(delays.get(id)),
            () -> fired.add(new Fired(me, clock.elapsed().toMillis())));
      }
      List<Long> stepEnds = new ArrayList<>();
      for (int step : steps) {
        clock.advance(Duration.ofMillis(step));
        stepEnds.add(clock.elapsed().toMillis());
      }
      clock.advance(Duration.ofMillis(400));
      stepEnds.add(clock.elapsed().toMillis());

      assertThat(fired).extracting(Fired::id).doesNotHaveDuplicates().hasSize(delays.size());
      for (Fired f : fired) {
        long deadline = startOffset + delays.get(f.id());
        long due = delays.get(f.id()) == 0 ? startOffset : ceilTo(deadline, TICK);
        long expectedAt = stepEnds.stream().filter(end -> end >= due).findFirst().orElseThrow();
        if (delays.get(f.id()) == 0) {
          expectedAt = startOffset; // due at once
        }
        assertThat(f.at()).as("timer %d with deadline %d", f.id(), deadline).isEqualTo(expectedAt);
      }
      Comparator<Integer> firingOrder =
          Comparator.<Integer>comparingLong(
                  id -> delays.get(id) == 0 ? -1 : ceilTo(startOffset + delays.get(id), TICK))
              .thenComparingLong(id -> delays.get(id))
              .thenComparingInt(id -> id);
      assertThat(fired).extracting(Fired::id).isSortedAccordingTo(firingOrder);
    }
  }

  private static long ceilTo(long value, long unit) {
    return (value + unit - 1) / unit * unit;
  }
}
