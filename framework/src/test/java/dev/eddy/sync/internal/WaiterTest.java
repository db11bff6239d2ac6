package dev.eddy.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaiterTest {

  @Test
  void claimedWaiterRefusesOutsideCompletionUntilSettled() {
    Waiter<String> w = new Waiter<>(null);
    assertThat(w.claim()).isTrue();
    assertThat(w.claim()).isFalse();

    assertThat(w.complete("outside")).isFalse();
    assertThat(w.completeExceptionally(new IllegalStateException())).isFalse();
    assertThat(w.cancel(false)).isFalse();
    assertThat(w.isPending()).isTrue();

    w.settle("value");
    assertThat(w).isCompletedWithValue("value");
    assertThat(w.isPending()).isFalse();
  }

  @Test
  void withdrawnWaiterCannotBeClaimedAndReportsOnce() {
    List<Waiter<String>> withdrawn = new ArrayList<>();
    Waiter<String> w = new Waiter<>(withdrawn::add);

    assertThat(w.cancel(false)).isTrue();
    assertThat(w.cancel(false)).isTrue(); // still cancelled, not withdrawn twice
    assertThat(w.complete("late")).isFalse();

    assertThat(w.claim()).isFalse();
    assertThat(w.isPending()).isFalse();
    assertThat(withdrawn).containsExactly(w);
  }

  @Test
  void preClaimedWaiterIsPendingUntilSettled() {
    Waiter<Integer> w = Waiter.claimed();
    assertThat(w.claim()).isFalse();
    assertThat(w.isPending()).isTrue();
    assertThat(w.complete(1)).isFalse();
    w.settleExceptionally(new IllegalArgumentException("boom"));
    assertThat(w).isCompletedExceptionally();
  }
}
