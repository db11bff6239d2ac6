package dev.eddy.samples.tour;

import dev.eddy.runtime.JoinHandle;
import dev.eddy.runtime.Runtime;
import dev.eddy.sync.Channel;
import dev.eddy.time.TimeoutExceededException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A tour of the Eddy runtime in one program: spawning tasks, a producer and a consumer joined by
 * a bounded channel (backpressure), timers, a timeout, and blocking work kept off the workers.
 *
 * <p>Run it with {@code java -jar samples/tour/target/eddy-sample-tour.jar}.
 */
public final class Tour {

  private Tour() {}

  public static void main(String[] args) {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    try (Runtime runtime = Runtime.create()) {
      run(runtime, messages, System.out);
    }
  }

  /** The whole tour on {@code runtime}, reporting to {@code out}; returns the channel's sum. */
  public static long run(Runtime runtime, int messages, PrintStream out) {
    out.println("Eddy runtime tour on " + runtime.metrics().workers() + " workers");

    // 1. Spawn: a thousand tasks, each computing a square; join them all.
    List<JoinHandle<Integer>> squares = new ArrayList<>();
    for (int i = 1; i <= 1_000; i++) {
      int n = i;
      squares.add(runtime.spawn(() -> n * n));
    }
    long sumOfSquares = squares.stream().mapToLong(h -> h.toCompletableFuture().join()).sum();
    out.println("1. sum of the first 1000 squares, from 1000 tasks: " + sumOfSquares);

    // 2. A producer sends numbers through a channel of 16; send() waits while it is full.
    Channel<Integer> channel = Channel.bounded(16);
    JoinHandle<Void> producer = runtime.spawnAsync(() -> produce(channel, 1, messages));
    long sum = runtime.blockOn(() -> consume(channel, 0L));
    producer.toCompletableFuture().join();
    out.println("2. consumer received " + messages + " messages through a channel of 16, sum "
        + sum);

    // 3. Timers: sleep without holding a thread, and a timeout that fires.
    long start = System.nanoTime();
    runtime.blockOn(() -> runtime.timer().sleep(Duration.ofMillis(50)));
    long sleptMillis = (System.nanoTime() - start) / 1_000_000;
    out.println("3. slept " + sleptMillis + " ms on the timer wheel");
    try {
      runtime.blockOn(() -> runtime.timer().timeout(new CompletableFuture<String>(),
          Duration.ofMillis(20)));
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof TimeoutExceededException t) {
        out.println("4. a stage that never completes failed with: " + t.getMessage());
      } else {
        throw e;
      }
    }

    // 4. Blocking work runs on the blocking pool; its result comes back on a worker.
    String where = runtime.blockOn(() -> runtime.spawnBlocking(
        () -> Thread.currentThread().getName()));
    out.println("5. blocking work ran on " + where);

    out.println("Done: " + runtime.metrics().totalPolls() + " polls, "
        + runtime.metrics().totalSteals() + " steals");
    return sum;
  }

  private static CompletionStage<Void> produce(Channel<Integer> channel, int next, int last) {
    if (next > last) {
      channel.close();
      return CompletableFuture.completedFuture(null);
    }
    return channel.send(next).thenCompose(ignored -> produce(channel, next + 1, last));
  }

  private static CompletionStage<Long> consume(Channel<Integer> channel, long sum) {
    return channel.receive().thenCompose((Optional<Integer> message) -> message.isEmpty()
        ? CompletableFuture.completedFuture(sum)
        : consume(channel, sum + message.get()));
  }
}
