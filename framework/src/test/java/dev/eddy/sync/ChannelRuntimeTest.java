package dev.eddy.sync;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.runtime.JoinHandle;
import dev.eddy.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channels between tasks of a real runtime: producers and a consumer written as continuation
 * loops, which stay stack-safe only because ready operations take the cooperative budget.
 */
class ChannelRuntimeTest {

  private Runtime runtime;

  @BeforeEach
  void start() {
    runtime = Runtime.builder().workers(2).build();
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  @Test
  void producerTasksAndConsumerTaskWithBackpressure() throws Exception {
    int producers = 4;
    int perProducer = 50_000;
    Channel<Long> ch = Channel.bounded(8);

    JoinHandle<long[]> consumer = runtime.spawnAsync(() -> consume(ch, producers));
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      long id = p;
      sent.add(runtime.spawnAsync(() -> produce(ch, id, perProducer)).toCompletableFuture());
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, SECONDS);
    ch.close();

    assertThat(consumer.toCompletableFuture().get(30, SECONDS)).containsOnly(perProducer);
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // blockOn has no deadline
  void deepReceiveLoopOverQueuedMessagesDoesNotOverflowTheStack() {
    int messages = 1_000_000;
    Channel<Integer> ch = filledAndClosed(messages);

    // Every receive is ready, so without the budget each step would run inside the last one.
    long received = runtime.blockOn(() -> countByCallbacks(ch));

    assertThat(received).isEqualTo(messages);
  }

  @Test
  void deepThenComposeLoopDoesNotOverflowTheStack() throws Exception {
    int messages = 1_000_000;
    Channel<Integer> ch = filledAndClosed(messages);

    long received =
        runtime.spawnAsync(() -> countByCompose(ch, 0)).toCompletableFuture().get(30, SECONDS);

    assertThat(received).isEqualTo(messages);
  }

  @Test
  void pingPongBetweenTwoTasksDoesNotOverflowTheStack() throws Exception {
    int rounds = 200_000;
    Channel<Integer> ping = Channel.bounded(1);
    Channel<Integer> pong = Channel.bounded(1);
    // Each side completes the other's waiting receive inline: the recursion Coop must cut.
    JoinHandle<Integer> echo = runtime.spawnAsync(() -> echo(ping, pong, 0));
    CompletionStage<Integer> served = runtime.spawnAsync(() -> serve(ping, pong, 0, rounds));

    assertThat(served.toCompletableFuture().get(30, SECONDS)).isEqualTo(rounds);
    ping.close();
    assertThat(echo.toCompletableFuture().get(30, SECONDS)).isEqualTo(rounds);
  }

  private static Channel<Integer> filledAndClosed(int messages) {
    Channel<Integer> ch = Channel.bounded(messages);
    for (int i = 0; i < messages; i++) {
      assertThat(ch.trySend(i)).isTrue();
    }
    ch.close();
    return ch;
  }

  private static CompletionStage<Void> produce(Channel<Long> ch, long id, int count) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    sendFrom(ch, id, 0, count, done);
    return done;
  }

  private static void sendFrom(
      Channel<Long> ch, long id, int seq, int count, CompletableFuture<Void> done) {
    if (seq == count) {
      done.complete(null);
      return;
    }
    ch.send(id << 32 | seq)
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                done.completeExceptionally(failure);
              } else {
                sendFrom(ch, id, seq + 1, count, done);
              }
            });
  }

  /** Receives until end of stream, checking per-producer order; returns counts per producer. */
  private static CompletionStage<long[]> consume(Channel<Long> ch, int producers) {
    long[] next = new long[producers];
    CompletableFuture<long[]> done = new CompletableFuture<>();
    receiveInto(ch, next, done);
    return done;
  }

  private static void receiveInto(Channel<Long> ch, long[] next, CompletableFuture<long[]> done) {
    ch.receive()
        .whenComplete(
            (m, failure) -> {
              if (failure != null) {
                done.completeExceptionally(failure);
              } else if (m.isEmpty()) {
                done.complete(next);
              } else {
                int producer = (int) (m.get() >>> 32);
                long seq = m.get() & 0xFFFF_FFFFL;
                if (seq != next[producer]) {
                  done.completeExceptionally(
                      new AssertionError(
                          "producer " + producer + ": expected " + next[producer] + ", got " + seq));
                  return;
                }
                next[producer]++;
                receiveInto(ch, next, done);
              }
            });
  }

  private static CompletionStage<Long> countByCallbacks(Channel<Integer> ch) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    countFrom(ch, 0, done);
    return done;
  }

  private static void countFrom(Channel<Integer> ch, long seen, CompletableFuture<Long> done) {
    ch.receive()
        .whenComplete(
            (m, failure) -> {
              if (failure != null) {
                done.completeExceptionally(failure);
              } else if (m.isEmpty()) {
                done.complete(seen);
              } else {
                countFrom(ch, seen + 1, done);
              }
            });
  }

  private static CompletionStage<Long> countByCompose(Channel<Integer> ch, long seen) {
    return ch.receive()
        .thenCompose(
            m ->
                m.isEmpty()
                    ? CompletableFuture.completedFuture(seen)
                    : countByCompose(ch, seen + 1));
  }

  private static CompletionStage<Integer> serve(
      Channel<Integer> ping, Channel<Integer> pong, int round, int rounds) {
    if (round == rounds) {
      return CompletableFuture.completedFuture(round);
    }
    return ping.send(round)
        .thenCompose(sent -> pong.receive())
        .thenCompose(
            reply -> {
              assertThat(reply).contains(round);
              return serve(ping, pong, round + 1, rounds);
            });
  }

  private static CompletionStage<Integer> echo(
      Channel<Integer> ping, Channel<Integer> pong, int echoed) {
    return ping.receive()
        .thenCompose(
            m ->
                m.isEmpty()
                    ? CompletableFuture.completedFuture(echoed)
                    : pong.send(m.get()).thenCompose(sent -> echo(ping, pong, echoed + 1)));
  }
}
