package dev.eddy.benchmarks;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Eddy's side of the peer harness's actor benchmark: the same workloads, sizes, measurement and
 * output names as {@code PekkoBench} (../shared/bench/peers/pekko), so that the two can be
 * compared line by line.
 *
 * <ul>
 *   <li>ping-pong: two actors, one message in flight, N round trips (2N messages);
 *   <li>fan-in: 4 sender actors each send M messages to 1 receiver, in batches of 1000 with a
 *       self-message in between;
 *   <li>spawn: K idle actors, all under one parent ({@code eddy.spawn}) or under 1000 group
 *       actors ({@code eddy.spawn_tree}); time until every one has started (its constructor ran),
 *       and the used-heap growth after full GCs divided by K.
 * </ul>
 *
 * Messages are pre-allocated. Each measurement runs {@code -Dwarmup=1} unmeasured and {@code
 * -Diterations=3} measured times and prints the median as {@code name value unit}. Sizes:
 * {@code -Dpingpong.n}, {@code -Dfanin.n} (per sender), {@code -Dspawn.n}; {@code -Dprefix}
 * renames the measurements (default {@code eddy}). Each benchmark iteration runs under its own
 * scope actor, stopped (and awaited) at the end, as PekkoBench's {@code Scope}. The runtime has
 * the configured workers ({@code eddy.runtime.workers}, default one per core).
 *
 * <pre>java -Xms4g -Xmx4g -cp benchmarks/target/eddy-benchmarks.jar dev.eddy.benchmarks.ActorBench</pre>
 */
public final class ActorBench {

  private static final long TIMEOUT_S = 120;

  // ---------------------------------------------------------------- ping-pong

  interface PingerCmd {}

  enum Pong implements PingerCmd { INSTANCE }

  record Ping(ActorRef<PingerCmd> replyTo) {}

  record StartPing(long roundTrips, ActorRef<Ping> ponger, CompletableFuture<Long> done)
      implements PingerCmd {}

  static final class Ponger extends Actor<Ping> {
    @Override
    protected void receive(Ping ping) {
      ping.replyTo().tell(Pong.INSTANCE);
    }
  }

  static final class Pinger extends Actor<PingerCmd> {
    private final Ping ping = new Ping(context().self());
    private ActorRef<Ping> ponger;
    private CompletableFuture<Long> done;
    private long remaining;

    @Override
    protected void receive(PingerCmd message) {
      if (message == Pong.INSTANCE) {
        if (--remaining > 0) {
          ponger.tell(ping);
        } else {
          done.complete(System.nanoTime());
        }
      } else if (message instanceof StartPing start) {
        ponger = start.ponger();
        done = start.done();
        remaining = start.roundTrips();
        ponger.tell(ping);
      }
    }
  }

  static double pingPong(ActorSystem system, long roundTrips) throws Exception {
    try (Scope scope = new Scope(system)) {
      ActorRef<Ping> ponger = scope.spawn(Ponger::new);
      ActorRef<PingerCmd> pinger = scope.spawn(Pinger::new);
      CompletableFuture<Long> done = new CompletableFuture<>();
      long start = System.nanoTime();
      pinger.tell(new StartPing(roundTrips, ponger, done));
      long end = done.get(TIMEOUT_S, TimeUnit.SECONDS);
      return 2.0 * roundTrips / ((end - start) / 1e9);
    }
  }

  // ---------------------------------------------------------------- fan-in

  enum Tick { INSTANCE }

  interface SenderCmd {}

  enum Continue implements SenderCmd { INSTANCE }

  record StartSending(long count, ActorRef<Tick> target) implements SenderCmd {}

  static final class Receiver extends Actor<Tick> {
    private final long expected;
    private final CompletableFuture<Long> done;
    private long received;

    Receiver(long expected, CompletableFuture<Long> done) {
      this.expected = expected;
      this.done = done;
    }

    @Override
    protected void receive(Tick tick) {
      if (++received == expected) {
        done.complete(System.nanoTime());
      }
    }
  }

  static final class Sender extends Actor<SenderCmd> {
    private static final int BATCH = 1000;
    private ActorRef<Tick> target;
    private long remaining;

    @Override
    protected void receive(SenderCmd message) {
      if (message instanceof StartSending start) {
        target = start.target();
        remaining = start.count();
      }
      long n = Math.min(BATCH, remaining);
      for (long i = 0; i < n; i++) {
        target.tell(Tick.INSTANCE);
      }
      remaining -= n;
      if (remaining > 0) {
        context().self().tell(Continue.INSTANCE);
      }
    }
  }

  static double fanIn(ActorSystem system, int senders, long perSender) throws Exception {
    try (Scope scope = new Scope(system)) {
      CompletableFuture<Long> done = new CompletableFuture<>();
      ActorRef<Tick> receiver = scope.spawn(() -> new Receiver(senders * perSender, done));
      List<ActorRef<SenderCmd>> refs = new ArrayList<>();
      for (int i = 0; i < senders; i++) {
        refs.add(scope.spawn(Sender::new));
      }
      long start = System.nanoTime();
      for (ActorRef<SenderCmd> ref : refs) {
        ref.tell(new StartSending(perSender, receiver));
      }
      long end = done.get(TIMEOUT_S, TimeUnit.SECONDS);
      return senders * perSender / ((end - start) / 1e9);
    }
  }

  // ---------------------------------------------------------------- spawn

  record SpawnChildren(int count) {}

  /** An idle actor that counts itself once it has started. */
  static final class Idle extends Actor<Void> {
    Idle(AtomicInteger started, int expected, CompletableFuture<Long> done) {
      if (started.incrementAndGet() == expected) {
        done.complete(System.nanoTime());
      }
    }

    @Override
    protected void receive(Void message) {}
  }

  /** Spawns {@code perGroup} idle children when it starts. */
  static final class Group extends Actor<Void> {
    Group(int perGroup, Supplier<Idle> idle) {
      for (int i = 0; i < perGroup; i++) {
        context().spawnAnonymous(idle);
      }
    }

    @Override
    protected void receive(Void message) {}
  }

  static final class Spawner extends Actor<SpawnChildren> {
    private final int groups;
    private final Supplier<Idle> idle;

    Spawner(int groups, AtomicInteger started, int expected, CompletableFuture<Long> done) {
      this.groups = groups;
      this.idle = () -> new Idle(started, expected, done);
    }

    @Override
    protected void receive(SpawnChildren msg) {
      if (groups == 1) {
        for (int i = 0; i < msg.count(); i++) {
          context().spawnAnonymous(idle);
        }
      } else {
        int perGroup = msg.count() / groups;
        for (int i = 0; i < groups; i++) {
          context().spawnAnonymous(() -> new Group(perGroup, idle));
        }
      }
    }
  }

  /** Returns {seconds to create and start all idle actors, heap bytes per idle actor}. */
  static double[] spawnIdle(ActorSystem system, int count, int groups) throws Exception {
    if (count % groups != 0) {
      throw new IllegalArgumentException("spawn.n must be a multiple of " + groups);
    }
    try (Scope scope = new Scope(system)) {
      AtomicInteger started = new AtomicInteger();
      CompletableFuture<Long> done = new CompletableFuture<>();
      ActorRef<SpawnChildren> parent = scope.spawn(() -> new Spawner(groups, started, count,
          done));
      long heapBefore = usedHeapAfterGc();
      long start = System.nanoTime();
      parent.tell(new SpawnChildren(count));
      long end = done.get(TIMEOUT_S, TimeUnit.SECONDS);
      long heapAfter = usedHeapAfterGc();
      return new double[] {(end - start) / 1e9, (double) (heapAfter - heapBefore) / count};
    }
  }

  static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  // ---------------------------------------------------------------- plumbing

  /** A scope command: spawn a child and reply with its ref. */
  record SpawnIn<T>(Supplier<? extends Actor<T>> factory, ActorRef<ActorRef<T>> replyTo) {}

  /**
   * Parent of the actors of one benchmark iteration. Closing it stops them all and waits until
   * the scope's postStop, which comes after every child has stopped.
   */
  static final class Scope implements AutoCloseable {
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final AtomicInteger ids = new AtomicInteger();
    private final ActorRef<Object> ref;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    Scope(ActorSystem system) {
      this.ref = system.spawn(() -> new Actor<Object>() {
        @Override
        protected void receive(Object message) {
          if (message instanceof SpawnIn<?> spawn) {
            spawnUnder(spawn);
          } else {
            context().stop(context().self());
          }
        }

        private <T> void spawnUnder(SpawnIn<T> spawn) {
          spawn.replyTo().tell(context().spawnAnonymous(spawn.factory()));
        }

        @Override
        protected void postStop() {
          stopped.complete(null);
        }
      }, "scope-" + ids.incrementAndGet());
    }

    <T> ActorRef<T> spawn(Supplier<? extends Actor<T>> factory) throws Exception {
      return ref.<ActorRef<T>>ask(replyTo -> new SpawnIn<>(factory, replyTo), ASK)
          .toCompletableFuture().get(ASK.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
      ref.tell("stop");
      try {
        stopped.get(TIMEOUT_S, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping a scope", e);
      }
    }
  }

  interface Measure {
    double run() throws Exception;
  }

  static void report(String name, String unit, int warmup, int iterations, Measure measure)
      throws Exception {
    for (int i = 0; i < warmup; i++) {
      System.out.printf(Locale.ROOT, "# warmup %s %.0f %s%n", name, measure.run(), unit);
    }
    double[] values = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      values[i] = measure.run();
      System.out.printf(Locale.ROOT, "# iteration %d %s %.0f %s%n", i + 1, name, values[i], unit);
    }
    System.out.printf(Locale.ROOT, "%s %.0f %s%n", name, median(values), unit);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static void spawnReport(String name, ActorSystem system, int count, int groups, int warmup,
      int iterations) throws Exception {
    double[] seconds = new double[iterations];
    double[] bytes = new double[iterations];
    for (int i = 0; i < warmup + iterations; i++) {
      double[] run = spawnIdle(system, count, groups);
      System.out.printf(Locale.ROOT, "# %s %s %d actors under %d parent(s): %.3f s, %.0f "
              + "bytes/actor%n", i < warmup ? "warmup" : "iteration " + (i - warmup + 1), name,
          count, groups, run[0], run[1]);
      if (i >= warmup) {
        seconds[i - warmup] = run[0];
        bytes[i - warmup] = run[1];
      }
    }
    System.out.printf(Locale.ROOT, "%s.seconds %.3f s%n", name, median(seconds));
    System.out.printf(Locale.ROOT, "%s.actors_per_s %.0f actors/s%n", name,
        count / median(seconds));
    System.out.printf(Locale.ROOT, "%s.bytes_per_actor %.0f bytes%n", name, median(bytes));
  }

  public static void main(String[] args) throws Exception {
    long pingPongN = Long.getLong("pingpong.n", 2_000_000);
    long fanInN = Long.getLong("fanin.n", 2_500_000);
    int spawnN = Integer.getInteger("spawn.n", 1_000_000);
    int warmup = Integer.getInteger("warmup", 1);
    int iterations = Integer.getInteger("iterations", 3);
    String prefix = System.getProperty("prefix", "eddy");
    String only = System.getProperty("only", "pingpong,fanin,spawn,spawn_tree");

    try (ActorSystem system = ActorSystem.create("bench")) {
      System.out.printf(Locale.ROOT, "# eddy bench: java=%s cpus=%d workers=%d maxHeap=%dMiB "
              + "pingpong.n=%d fanin.n=4x%d spawn.n=%d%n", Runtime.version(),
          Runtime.getRuntime().availableProcessors(), system.runtime().config().workers(),
          Runtime.getRuntime().maxMemory() >> 20, pingPongN, fanInN, spawnN);
      if (only.contains("pingpong")) {
        report(prefix + ".pingpong.msgs_per_s", "msgs/s", warmup, iterations,
            () -> pingPong(system, pingPongN));
      }
      if (only.contains("fanin")) {
        report(prefix + ".fanin4.msgs_per_s", "msgs/s", warmup, iterations,
            () -> fanIn(system, 4, fanInN));
      }
      if (only.matches(".*\\bspawn\\b.*")) {
        spawnReport(prefix + ".spawn", system, spawnN, 1, warmup, iterations);
      }
      if (only.contains("spawn_tree")) {
        spawnReport(prefix + ".spawn_tree", system, spawnN, 1000, warmup, iterations);
      }
    }
  }
}
