package dev.eddy.actor;

import com.typesafe.config.Config;
import dev.eddy.actor.internal.ActorSystemImpl;
import dev.eddy.config.EddyConfig;
import dev.eddy.runtime.Runtime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A hierarchy of actors running on one {@link Runtime}: Pekko's {@code ActorSystem}, made to be
 * embedded. It does not take over the process: create one in a plain {@code main}, a servlet
 * container or a Spring bean, talk to its actors through their refs from any thread, and close it
 * when done.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create("bank")) {
 *   ActorRef<Account.Command> account = system.spawn(Account::new, "alice");
 *   account.tell(new Account.Deposit(100));
 *   int balance = account.<Integer>ask(Account.GetBalance::new, Duration.ofSeconds(1))
 *       .toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>A system <b>owns</b> its runtime (created from the same configuration, stopped by {@link
 * #close()}) or <b>borrows</b> one given to {@link #create(String, Runtime)} (left running).
 * Top-level actors are children of the system's guardian, path {@code eddy://NAME/user/...}.
 *
 * <p>Thread-safety: every method may be called from any thread; {@link #close()} not from a
 * worker of the system's runtime (it waits).
 */
public interface ActorSystem extends AutoCloseable {

  /** A system with its own runtime, both configured from this process's configuration. */
  static ActorSystem create(String name) {
    return create(name, EddyConfig.load());
  }

  /** A system with its own runtime, both configured from {@code config}. */
  static ActorSystem create(String name, Config config) {
    Objects.requireNonNull(config, "config");
    ActorConfig actorConfig = ActorConfig.from(config);
    return ActorSystemImpl.start(name, Runtime.builder(config).build(), true, actorConfig);
  }

  /** A system on a runtime it borrows: {@link #close()} leaves {@code runtime} running. */
  static ActorSystem create(String name, Runtime runtime) {
    return create(name, runtime, ActorConfig.load());
  }

  /** As {@link #create(String, Runtime)}, with settings given in code. */
  static ActorSystem create(String name, Runtime runtime, ActorConfig config) {
    return ActorSystemImpl.start(name, Objects.requireNonNull(runtime, "runtime"), false,
        Objects.requireNonNull(config, "config"));
  }

  /** This system's name, the first element of its actors' paths. */
  String name();

  /**
   * Starts a top-level actor named {@code name} (unique among top-level actors) with default
   * {@link Props}. See {@link ActorContext#spawn(Supplier, String)}.
   *
   * @throws IllegalStateException if the system is terminating
   */
  <M> ActorRef<M> spawn(Supplier<? extends Actor<M>> factory, String name);

  /** As {@link #spawn(Supplier, String)}, with {@code props}. */
  <M> ActorRef<M> spawn(Supplier<? extends Actor<M>> factory, String name, Props props);

  /** Starts a top-level actor with a generated name. */
  <M> ActorRef<M> spawnAnonymous(Supplier<? extends Actor<M>> factory);

  /**
   * Stops the actor of {@code ref} from outside, wherever it is in the hierarchy: Pekko classic's
   * {@code system.stop(ref)}, for code that holds a ref but is not the actor's parent (a test, a
   * shutdown hook, an HTTP handler). The stop is asynchronous and overtakes ordinary mail: the
   * message being handled finishes, then the actor's children stop first, then its {@code
   * postStop} runs, its watchers get {@link Terminated} and its parent learns that the child is
   * gone; messages still queued, and later ones, go to dead letters. Watch the actor to learn
   * when it has stopped.
   *
   * <p>An actor that is stopping or has stopped is left as it is: the call does nothing. Any
   * thread may call this; it never blocks.
   *
   * @throws IllegalArgumentException if {@code ref} is not an actor of this system (an actor of
   *     another system, or an ask's reply ref)
   */
  void stop(ActorRef<?> ref);

  /** Undeliverable messages: count, listeners. */
  DeadLetters deadLetters();

  /** The runtime the actors run on. */
  Runtime runtime();

  /** The settings this system runs with. */
  ActorConfig config();

  /**
   * Begins stopping every actor, top-down (children before parents; each one's {@code postStop}
   * runs), then, if the system owns its runtime, stops it. Returns at once; idempotent.
   *
   * @return {@link #whenTerminated()}
   */
  CompletionStage<Void> terminate();

  /** Completes when every actor has stopped and an owned runtime has shut down. */
  CompletionStage<Void> whenTerminated();

  /**
   * {@link #terminate()}, then waits up to {@code eddy.actor.shutdown-timeout} for the actors to
   * stop (logging the ones that did not), then shuts down an owned runtime.
   *
   * @throws IllegalStateException if called on a worker of this system's runtime
   */
  @Override
  void close();

  /** As {@link #close()} with its own deadline for the actors. */
  void close(Duration timeout);
}
