package dev.eddy.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.actor.Supervision;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SupervisorTest {

  @Test
  void backoffDoublesFromMinAndIsCappedAtMax() {
    Supervision s = Supervision.restart().withBackoff(Duration.ofMillis(10),
        Duration.ofMillis(50));
    assertThat(IntStream.rangeClosed(1, 6).mapToObj(n -> Supervisor.backoff(s, n).toMillis()))
        .containsExactly(10L, 20L, 40L, 50L, 50L, 50L);
  }

  @Test
  void noBackoffWithoutOne() {
    assertThat(Supervisor.backoff(Supervision.restart(), 3)).isNull();
  }
}
