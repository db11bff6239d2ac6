package dev.eddy.actor.internal;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorConfig;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.actor.DeadLetters;
import dev.eddy.actor.Props;
import dev.eddy.actor.Supervision;
import dev.eddy.runtime.Runtime;
import dev.eddy.runtime.internal.WorkerThread;
import dev.eddy.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The {@link ActorSystem}: a guardian cell ({@code /user}) whose children are the top-level
 * actors, a dead-letter office, and the runtime (owned or borrowed).
 *
 * <p>Shutdown, step by step: (1) {@link #terminate()} sends the guardian a stop; (2) every actor
 * stops its children first, then runs its {@code postStop} and tells its parent; (3) when the
 * guardian has stopped, {@code guardianStopped} completes; (4) an owned runtime is shut down
 * (from the thread calling {@link #close()}, or from a thread of its own after a bare {@code
 * terminate()}, since a worker cannot shut down its own runtime); (5) {@code terminated}
 * completes, and every ask still pending fails.
 *
 * <p>A borrowed runtime that shuts down first aborts every actor's task; each cell then runs its
 * stop path without {@code postStop} ({@code ActorCell.abandon}), the guardian's completes the
 * system, and later mail goes to dead letters.
 */
public final class ActorSystemImpl implements ActorSystem {

  private final String name;
  private final Runtime runtime;
  private final boolean ownsRuntime;
  private final ActorConfig config;
  private final Clock clock;
  final int throughput;
  final DeadLetterOffice deadLetters;
  private final ActorCell<Object> guardian;
  private final CompletableFuture<Void> guardianStopped = new CompletableFuture<>();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicBoolean terminating = new AtomicBoolean();
  private final AtomicBoolean runtimeStopping = new AtomicBoolean();
  private volatile boolean closing;
  /** Asks not yet completed: failed when the system terminates. */
  private final Set<AskRef<?>> pendingAsks = ConcurrentHashMap.newKeySet();

  private ActorSystemImpl(String name, Runtime runtime, boolean ownsRuntime, ActorConfig config) {
    this.name = name;
    this.runtime = runtime;
    this.ownsRuntime = ownsRuntime;
    this.config = config;
    this.clock = runtime.timer().clock();
    this.throughput = config.throughput();
    this.deadLetters = new DeadLetterOffice(config);
    this.guardian = new ActorCell<>(this, null, "user", 0, Guardian::new,
        Props.defaults().withSupervision(Supervision.resume()));
    terminated.whenComplete((ignored, e) -> {
      for (AskRef<?> ask : pendingAsks) {
        ask.failTerminated();
      }
    });
  }

  void addAsk(AskRef<?> ask) {
    pendingAsks.add(ask);
  }

  void removeAsk(AskRef<?> ask) {
    pendingAsks.remove(ask);
  }

  boolean isTerminated() {
    return terminated.isDone();
  }

  /** Creates and starts a system. */
  public static ActorSystem start(String name, Runtime runtime, boolean ownsRuntime,
      ActorConfig config) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("invalid system name '" + name
          + "': it must be non-empty, without '/'");
    }
    ActorSystemImpl system = new ActorSystemImpl(name, runtime, ownsRuntime, config);
    if (system.guardian.refused()) {
      throw new IllegalStateException("cannot start ActorSystem " + name + ": its runtime is "
          + "shutting down");
    }
    system.guardian.start();
    ActorCell.log.debug("ActorSystem {} started on {}", name, runtime);
    return system;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public <M> ActorRef<M> spawn(Supplier<? extends Actor<M>> factory, String name) {
    return spawnTop(factory, Names.check(name), Props.defaults());
  }

  @Override
  public <M> ActorRef<M> spawn(Supplier<? extends Actor<M>> factory, String name, Props props) {
    return spawnTop(factory, Names.check(name), props);
  }

  @Override
  public <M> ActorRef<M> spawnAnonymous(Supplier<? extends Actor<M>> factory) {
    return spawnTop(factory, null, Props.defaults());
  }

  private <M> ActorRef<M> spawnTop(Supplier<? extends Actor<M>> factory, String name,
      Props props) {
    if (terminating.get()) {
      throw new IllegalStateException("ActorSystem " + this.name + " is terminating");
    }
    return guardian.spawnChild(factory, name, props);
  }

  @Override
  public void stop(ActorRef<?> ref) {
    Objects.requireNonNull(ref, "ref");
    if (!(ref instanceof ActorCell<?> cell)) {
      throw new IllegalArgumentException("cannot stop " + ref + ": it is not an actor of "
          + "ActorSystem " + name + " (only actors spawned in it can be stopped)");
    }
    if (cell.system != this) {
      throw new IllegalArgumentException("cannot stop " + cell.path() + " through ActorSystem "
          + name + ": it belongs to ActorSystem " + cell.system.name());
    }
    cell.sendSystem(new SystemMessage.Stop()); // a stopped cell drops it; a stopping one ignores it
  }

  @Override
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  @Override
  public Runtime runtime() {
    return runtime;
  }

  @Override
  public ActorConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  @Override
  public CompletionStage<Void> terminate() {
    if (terminating.compareAndSet(false, true)) {
      guardian.sendSystem(new SystemMessage.Stop());
    }
    return whenTerminated();
  }

  /** Called by the guardian's cell when it has stopped (on a worker). */
  void onGuardianStopped() {
    guardianStopped.complete(null);
    if (!ownsRuntime) {
      terminated.complete(null);
    } else if (!closing) {
      Thread t = new Thread(this::shutdownRuntime, "eddy-actor-system-" + name + "-shutdown");
      t.start();
    }
  }

  private void shutdownRuntime() {
    if (runtimeStopping.compareAndSet(false, true)) {
      try {
        runtime.close();
      } finally {
        terminated.complete(null);
        ActorCell.log.debug("ActorSystem {} terminated", name);
      }
    }
  }

  @Override
  public CompletionStage<Void> whenTerminated() {
    return terminated.minimalCompletionStage();
  }

  @Override
  public void close() {
    close(config.shutdownTimeout());
  }

  @Override
  public void close(Duration timeout) {
    if (Thread.currentThread() instanceof WorkerThread w
        && w.worker().scheduler().runtime() == runtime) {
      throw new IllegalStateException("ActorSystem.close() called on worker "
          + Thread.currentThread().getName() + ", which it would block; call terminate() instead");
    }
    closing = true;
    terminate();
    boolean interrupted = false;
    try {
      guardianStopped.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      ActorCell.log.warn("ActorSystem {}: actors still stopping after {}; closing anyway", name,
          timeout);
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (ExecutionException e) {
      throw new IllegalStateException("unreachable: the guardian's stop never fails", e);
    }
    if (ownsRuntime) {
      shutdownRuntime();
      terminated.join();
    } else {
      terminated.complete(null);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ActorSystem[" + name + "]";
  }
}
