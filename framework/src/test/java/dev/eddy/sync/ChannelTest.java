package dev.eddy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Single-threaded behaviour of {@link Channel}: outside a runtime, so nothing is deferred. */
class ChannelTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void rejectsCapacityBelowOne() {
    assertThatThrownBy(() -> Channel.bounded(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> Channel.bounded(-3)).hasMessageContaining("was -3");
    assertThat(Channel.bounded(1).capacity()).isEqualTo(1);
  }

  @Test
  void deliversInSendOrder() {
    Channel<Integer> ch = Channel.bounded(8);
    for (int i = 0; i < 5; i++) {
      assertThat(ch.send(i)).isCompletedWithValue(null);
    }
    assertThat(ch.size()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      assertThat(ch.receive()).isCompletedWithValue(Optional.of(i));
    }
    assertThat(ch.size()).isZero();
    assertThat(ch.tryReceive()).isEmpty();
  }

  @Test
  void sendOnFullChannelWaitsUntilReceiveFreesRoom() {
    Channel<String> ch = Channel.bounded(2);
    assertThat(ch.trySend("a")).isTrue();
    assertThat(ch.trySend("b")).isTrue();
    assertThat(ch.trySend("x")).isFalse();

    CompletionStage<Void> c = ch.send("c");
    assertThat(c).isNotDone();
    assertThat(ch.size()).isEqualTo(2);

    assertThat(ch.receive()).isCompletedWithValue(Optional.of("a"));
    assertThat(c).isCompletedWithValue(null); // admitted into the freed place at once
    assertThat(ch.size()).isEqualTo(2);
    assertThat(ch.trySend("x")).isFalse();
    assertThat(drain(ch)).containsExactly("b", "c");
  }

  @Test
  void waitingSendersGetInFirstComeFirstServed() {
    Channel<String> ch = Channel.bounded(1);
    ch.trySend("a");
    CompletionStage<Void> b = ch.send("b");
    CompletionStage<Void> c = ch.send("c");
    CompletionStage<Void> d = ch.send("d");

    assertThat(ch.tryReceive()).contains("a");
    assertThat(b).isDone();
    assertThat(c).isNotDone();
    assertThat(d).isNotDone();
    assertThat(ch.receive()).isCompletedWithValue(Optional.of("b"));
    assertThat(c).isDone();
    assertThat(d).isNotDone();
    assertThat(drain(ch)).containsExactly("c", "d");
    assertThat(d).isDone();
  }

  @Test
  void pendingReceiveIsCompletedBySenderOnItsThread() {
    Channel<String> ch = Channel.bounded(1);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CompletableFuture<Optional<String>> r =
        ch.receive().whenComplete((v, e) -> ranOn.set(Thread.currentThread())).toCompletableFuture();
    assertThat(r).isNotDone();

    assertThat(ch.send("m")).isCompletedWithValue(null);

    assertThat(r).isCompletedWithValue(Optional.of("m"));
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(ch.size()).isZero(); // handed over, never buffered
  }

  @Test
  void closeKeepsMessagesThenEndsTheStream() {
    Channel<String> ch = Channel.bounded(4);
    ch.trySend("a");
    ch.trySend("b");
    ch.close();
    ch.close(); // idempotent

    assertThat(ch.isClosed()).isTrue();
    assertThat(ch.receive()).isCompletedWithValue(Optional.of("a"));
    assertThat(ch.tryReceive()).contains("b");
    assertThat(ch.receive()).isCompletedWithValue(Optional.empty());
    assertThat(ch.receive()).isCompletedWithValue(Optional.empty());
  }

  @Test
  void closeFailsWaitingSendersAndLaterSends() {
    Channel<String> ch = Channel.bounded(2);
    ch.trySend("a");
    ch.trySend("b");
    CompletionStage<Void> waiting = ch.send("c");

    ch.close();

    assertFailsWith(waiting, ChannelClosedException.class, "capacity 2");
    assertFailsWith(ch.send("d"), ChannelClosedException.class, "send on a closed channel");
    assertThatThrownBy(() -> ch.trySend("e"))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("trySend");
    assertThat(drain(ch)).containsExactly("a", "b");
  }

  @Test
  void closeEndsAPendingReceive() {
    Channel<String> ch = Channel.bounded(2);
    CompletionStage<Optional<String>> r = ch.receive();
    assertThat(r).isNotDone();
    ch.close();
    assertThat(r).isCompletedWithValue(Optional.empty());
  }

  @Test
  void secondReceiveWhileOneIsPendingIsRefused() {
    Channel<String> ch = Channel.bounded(2);
    CompletionStage<Optional<String>> first = ch.receive();

    assertFailsWith(ch.receive(), IllegalStateException.class, "single consumer");
    assertThatThrownBy(ch::tryReceive).isInstanceOf(IllegalStateException.class);

    ch.trySend("m");
    assertThat(first).isCompletedWithValue(Optional.of("m"));
    assertThat(ch.trySend("n")).isTrue();
    assertThat(ch.receive()).isCompletedWithValue(Optional.of("n")); // allowed again
  }

  @Test
  void receiveFromTheContinuationOfTheLastOneIsAllowed() {
    Channel<Integer> ch = Channel.bounded(1);
    List<Integer> got = new ArrayList<>();
    ch.receive()
        .thenCompose(
            m -> {
              m.ifPresent(got::add);
              return ch.receive();
            })
        .thenAccept(m -> m.ifPresent(got::add));
    ch.trySend(1);
    ch.trySend(2);
    assertThat(got).containsExactly(1, 2);
  }

  @Test
  void rejectsNullMessages() {
    Channel<String> ch = Channel.bounded(1);
    assertThatThrownBy(() -> ch.send(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ch.trySend(null)).isInstanceOf(NullPointerException.class);
    assertThat(ch.size()).isZero();
  }

  @Test
  void cancelledReceiveTakesNoMessage() {
    Channel<String> ch = Channel.bounded(2);
    CompletableFuture<Optional<String>> r = ch.receive().toCompletableFuture();
    assertThat(r.cancel(false)).isTrue();

    ch.trySend("m");

    assertThat(ch.size()).isEqualTo(1);
    assertThat(ch.receive()).isCompletedWithValue(Optional.of("m"));
  }

  @Test
  void timedOutReceiveTakesNoMessage() throws Exception {
    Channel<String> ch = Channel.bounded(2);
    CompletableFuture<Optional<String>> r =
        ch.receive().toCompletableFuture().orTimeout(1, TimeUnit.MILLISECONDS);
    assertThat(r).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(TimeoutException.class);

    ch.trySend("m");
    assertThat(ch.tryReceive()).contains("m");
  }

  @Test
  void cancelledSendNeverEntersAndKeepsItsPlaceInLineForOthers() {
    Channel<String> ch = Channel.bounded(1);
    ch.trySend("a");
    CompletableFuture<Void> b = ch.send("b").toCompletableFuture();
    CompletionStage<Void> c = ch.send("c");

    assertThat(b.cancel(false)).isTrue();
    assertThatThrownBy(b::join).isInstanceOf(CancellationException.class);

    assertThat(ch.tryReceive()).contains("a");
    assertThat(c).isDone();
    assertThat(drain(ch)).containsExactly("c");
  }

  @Test
  void completedStagesRefuseOutsideCompletion() {
    Channel<String> ch = Channel.bounded(1);
    CompletableFuture<Void> sent = ch.send("a").toCompletableFuture();
    CompletableFuture<Optional<String>> got = ch.receive().toCompletableFuture();
    assertThat(sent.cancel(false)).isFalse();
    assertThat(got.complete(Optional.of("forged"))).isFalse();
    assertThat(got).isCompletedWithValue(Optional.of("a"));
  }

  @Test
  void describesItself() {
    assertThat(Channel.bounded(3)).hasToString("Channel[capacity=3, closed=false]");
  }

  private static List<String> drain(Channel<String> ch) {
    List<String> out = new ArrayList<>();
    for (Optional<String> m = ch.tryReceive(); m.isPresent(); m = ch.tryReceive()) {
      out.add(m.get());
    }
    return out;
  }

  private static void assertFailsWith(
      CompletionStage<?> stage, Class<? extends Throwable> type, String messagePart) {
    assertThat(stage.toCompletableFuture())
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(type)
        .withMessageContaining(messagePart);
  }
}
