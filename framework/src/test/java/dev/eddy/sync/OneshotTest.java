package dev.eddy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class OneshotTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void deliversTheFirstValueOnly() {
    Oneshot<String> slot = Oneshot.create();
    CompletionStage<String> early = slot.receive();
    assertThat(early).isNotDone();
    assertThat(slot.isDone()).isFalse();

    assertThat(slot.send("first")).isTrue();
    assertThat(slot.send("second")).isFalse();
    assertThat(slot.fail(new IllegalStateException())).isFalse();
    slot.close(); // no effect after a value

    assertThat(slot.isDone()).isTrue();
    assertThat(early).isCompletedWithValue("first");
    assertThat(slot.receive()).isCompletedWithValue("first");
  }

  @Test
  void closeWithoutValueFailsTheReceiver() {
    Oneshot<String> slot = Oneshot.create();
    CompletionStage<String> r = slot.receive();
    slot.close();
    assertThat(slot.send("late")).isFalse();
    assertThat(r.toCompletableFuture())
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ChannelClosedException.class)
        .withMessageContaining("without a value");
  }

  @Test
  void failDeliversTheCause() {
    Oneshot<String> slot = Oneshot.create();
    IllegalArgumentException cause = new IllegalArgumentException("bad key 7");
    assertThat(slot.fail(cause)).isTrue();
    assertThat(slot.receive().toCompletableFuture())
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCause(cause);
  }

  @Test
  void receiverCannotDecideTheOutcome() {
    Oneshot<String> slot = Oneshot.create();
    CompletableFuture<String> view = slot.receive().toCompletableFuture();
    view.complete("forged");
    view.cancel(false);

    assertThat(slot.isDone()).isFalse();
    assertThat(slot.send("real")).isTrue();
    assertThat(slot.receive()).isCompletedWithValue("real");
  }

  @Test
  void rejectsNulls() {
    Oneshot<String> slot = Oneshot.create();
    assertThatThrownBy(() -> slot.send(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> slot.fail(null)).isInstanceOf(NullPointerException.class);
    assertThat(slot.isDone()).isFalse();
  }
}
