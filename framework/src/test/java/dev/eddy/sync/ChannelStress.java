package dev.eddy.sync;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many producers, one consumer, a small channel: every message arrives exactly once and each
 * producer's messages arrive in the order it sent them. Plain threads, outside a runtime; producers
 * wait on their send stages (a test thread may block, a worker may not).
 */
class ChannelStress {

  private static final int PRODUCERS = 8;
  private static final int PER_PRODUCER = 100_000;
  private static final int CAPACITY = 16;

  private ExecutorService threads;

  @BeforeEach
  void start() {
    threads = Executors.newFixedThreadPool(PRODUCERS + 1);
  }

  @AfterEach
  void stop() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, SECONDS)).isTrue();
  }

  @Test
  void blockingConsumerSeesEveryMessageOnceInProducerOrder() throws Exception {
    Channel<Long> ch = Channel.bounded(CAPACITY);
    CompletableFuture<Order> consumer =
        CompletableFuture.supplyAsync(
            () -> {
              Order order = new Order();
              for (Optional<Long> m = next(ch); m.isPresent(); m = next(ch)) {
                order.accept(m.get());
              }
              return order;
            },
            threads);

    runProducersThenClose(ch, consumer);

    consumer.get(30, SECONDS).assertComplete();
  }

  @Test
  void asyncConsumerSeesEveryMessageOnceInProducerOrder() throws Exception {
    Channel<Long> ch = Channel.bounded(CAPACITY);
    Order order = new Order();
    CompletableFuture<Order> done = new CompletableFuture<>();
    // Runs on whichever producer thread hands over a message while the consumer waits.
    new AsyncDrain(ch, order, done).start();

    runProducersThenClose(ch, done);

    done.get(30, SECONDS).assertComplete();
  }

  /**
   * Runs the producers to the end and closes the channel; fails early with the consumer's failure
   * if the consumer dies first (the producers would then wait on a full channel forever).
   */
  private void runProducersThenClose(Channel<Long> ch, CompletableFuture<?> consumer)
      throws Exception {
    List<CompletableFuture<Void>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      long id = p;
      producers.add(CompletableFuture.runAsync(() -> produce(ch, id), threads));
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new));
    CompletableFuture.anyOf(all, consumer).get(30, SECONDS);
    all.get(30, SECONDS);
    ch.close();
  }

  private static void produce(Channel<Long> ch, long id) {
    try {
      for (long seq = 0; seq < PER_PRODUCER; seq++) {
        // Half the producers try first, so trySend races with waiting senders too.
        if (id % 2 == 0 && ch.trySend(id << 32 | seq)) {
          continue;
        }
        ch.send(id << 32 | seq).toCompletableFuture().get(30, SECONDS);
      }
    } catch (Exception e) {
      throw new CompletionException("producer " + id, e);
    }
  }

  private static Optional<Long> next(Channel<Long> ch) {
    try {
      return ch.receive().toCompletableFuture().get(30, SECONDS);
    } catch (Exception e) {
      throw new CompletionException("consumer", e);
    }
  }

  /**
   * A receive loop that takes ready messages in a while loop and only registers a continuation
   * when it has to wait; outside a runtime there is no cooperative budget to bound the stack.
   */
  private record AsyncDrain(Channel<Long> ch, Order order, CompletableFuture<Order> done) {

    /** Starts (or resumes) draining; runs on whichever thread completed the last wait. */
    void start() {
      resume(null);
    }

    private void resume(CompletableFuture<Optional<Long>> completed) {
      try {
        CompletableFuture<Optional<Long>> r = completed;
        while (true) {
          if (r != null) {
            Optional<Long> m = r.join();
            if (m.isEmpty()) {
              done.complete(order);
              return;
            }
            order.accept(m.get());
          }
          r = ch.receive().toCompletableFuture();
          if (!r.isDone()) {
            CompletableFuture<Optional<Long>> waiting = r;
            waiting.whenComplete((m, e) -> resume(waiting));
            return;
          }
        }
      } catch (Throwable t) { // e.g. an order violation, thrown on a producer's thread
        done.completeExceptionally(t);
      }
    }
  }

  /** Per-producer next expected sequence number; written by one consumer at a time. */
  private static final class Order {
    private final long[] next = new long[PRODUCERS];
    private long total;

    void accept(long message) {
      int producer = (int) (message >>> 32);
      long seq = message & 0xFFFF_FFFFL;
      if (seq != next[producer]) {
        throw new AssertionError(
            "producer " + producer + ": expected message " + next[producer] + ", got " + seq);
      }
      next[producer]++;
      total++;
    }

    void assertComplete() {
      assertThat(next).containsOnly(PER_PRODUCER);
      assertThat(total).isEqualTo((long) PRODUCERS * PER_PRODUCER);
    }
  }
}
