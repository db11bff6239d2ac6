package dev.eddy.benchmarks;

import dev.eddy.runtime.Runtime;
import dev.eddy.runtime.TaskHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Eddy's scheduler against {@link ForkJoinPool} in async mode (the executor Akka and Pekko use)
 * and a {@link ThreadPoolExecutor}, each with as many threads as Eddy has workers, on the four
 * workloads of the runtime issue. Scores are tasks (or wakes) per second.
 *
 * <p>Run: {@code java -jar benchmarks/target/eddy-benchmarks.jar SchedulerBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SchedulerBench {

  static final int SPAWNS = 1_000_000;
  static final int CHAIN = 1_000_000;
  static final int YIELDERS = 10_000;
  static final int YIELDS = 100;
  static final int PING_PONGS = 10_000_000;

  @Param({"eddy", "forkjoin", "threadpool"})
  public String executor;

  @Param("2")
  public int threads;

  private Runtime runtime;
  private ExecutorService pool;
  private Future<?>[] futures;

  @Setup(Level.Trial)
  public void start() {
    futures = new Future<?>[SPAWNS];
    switch (executor) {
      case "eddy" -> runtime = Runtime.builder().workers(threads).build();
      case "forkjoin" -> pool = new ForkJoinPool(threads,
          ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
      case "threadpool" -> pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>());
      default -> throw new IllegalArgumentException("executor = " + executor
          + ": expected eddy, forkjoin or threadpool");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    if (runtime != null) {
      runtime.close();
    }
    if (pool != null) {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private void execute(Runnable r) {
    if (runtime != null) {
      runtime.execute(r);
    } else {
      pool.execute(r);
    }
  }

  /** 1M empty tasks spawned from outside, then every handle joined. */
  @Benchmark
  @OperationsPerInvocation(SPAWNS)
  public void spawnAndJoin() throws Exception {
    Runnable empty = () -> { };
    if (runtime != null) {
      CompletableFuture<?>[] handles = new CompletableFuture<?>[SPAWNS];
      for (int i = 0; i < SPAWNS; i++) {
        handles[i] = runtime.spawn(empty).toCompletableFuture();
      }
      for (CompletableFuture<?> h : handles) {
        h.join();
      }
    } else {
      for (int i = 0; i < SPAWNS; i++) {
        futures[i] = pool.submit(empty);
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
  }

  /** Each task spawns the next, 1M deep. */
  @Benchmark
  @OperationsPerInvocation(CHAIN)
  public void chainedSpawn() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    execute(new Link(CHAIN, done));
    done.join();
  }

  private final class Link implements Runnable {
    private final int left;
    private final CompletableFuture<Void> done;

    Link(int left, CompletableFuture<Void> done) {
      this.left = left;
      this.done = done;
    }

    @Override
    public void run() {
      if (left == 1) {
        done.complete(null);
      } else {
        execute(new Link(left - 1, done));
      }
    }
  }

  /** 10k tasks, each re-scheduling itself 100 times. */
  @Benchmark
  @OperationsPerInvocation(YIELDERS * YIELDS)
  public void yieldHeavy() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(YIELDERS);
    for (int i = 0; i < YIELDERS; i++) {
      if (runtime != null) {
        int[] count = {0};
        runtime.spawn(cx -> {
          if (++count[0] < YIELDS) {
            cx.waker().wake();
            return false;
          }
          if (remaining.decrementAndGet() == 0) {
            done.complete(null);
          }
          return true;
        });
      } else {
        pool.execute(new Yielder(remaining, done));
      }
    }
    done.join();
  }

  private final class Yielder implements Runnable {
    private final AtomicInteger remaining;
    private final CompletableFuture<Void> done;
    private int count;

    Yielder(AtomicInteger remaining, CompletableFuture<Void> done) {
      this.remaining = remaining;
      this.done = done;
    }

    @Override
    public void run() {
      if (++count < YIELDS) {
        pool.execute(this);
      } else if (remaining.decrementAndGet() == 0) {
        done.complete(null);
      }
    }
  }

  /** Two tasks waking each other 10M times: the actor message path. */
  @Benchmark
  @OperationsPerInvocation(PING_PONGS)
  public void pingPong() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (runtime != null) {
      TaskHandle[] pair = new TaskHandle[2];
      int[] left = {PING_PONGS};
      for (int side = 0; side < 2; side++) {
        int other = 1 - side;
        // Each side runs only when the other woke it, so `left` is handed over, never shared.
        pair[side] = runtime.register(cx -> {
          if (--left[0] <= 0) {
            done.complete(null);
            return true;
          }
          pair[other].wake();
          return false;
        });
      }
      pair[0].wake();
      done.join();
      pair[0].abort();
      pair[1].abort();
    } else {
      Pong a = new Pong(done);
      Pong b = new Pong(done);
      a.other = b;
      b.other = a;
      a.left = new int[] {PING_PONGS};
      b.left = a.left;
      pool.execute(a);
      done.join();
    }
  }

  private final class Pong implements Runnable {
    private final CompletableFuture<Void> done;
    Pong other;
    int[] left;

    Pong(CompletableFuture<Void> done) {
      this.done = done;
    }

    @Override
    public void run() {
      if (--left[0] <= 0) {
        done.complete(null);
      } else {
        pool.execute(other);
      }
    }
  }
}
