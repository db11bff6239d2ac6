package dev.eddy.actor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * An actor's view of itself and the system: its ref, its children, death watch, timers and
 * stash. Pekko's typed {@code ActorContext}. An actor gets it from {@link Actor#context()}.
 *
 * <p>Thread-safety: <b>only the actor itself</b> may call these methods, from its constructor,
 * {@code receive}, {@code onSignal} and lifecycle hooks (all of which run one at a time). Do not
 * use the context from a {@code CompletionStage} callback or another thread: send the actor a
 * message instead, or use {@link #pipeToSelf}. {@link #self()} is the exception: the ref it
 * returns may be passed anywhere.
 *
 * @param <M> the actor's message type
 */
public interface ActorContext<M> {

  /**
   * The SLF4J MDC key under which an actor's path ({@code eddy://system/user/...}) is set, as
   * Pekko's {@code pekkoSource}, from the first {@link #log()} of the actor's turn (or the
   * framework's first line about it: failures, restarts, stops) to the end of that turn, so a log
   * pattern can show it with {@code %X{actorPath}}. It is removed when the turn ends (a value the
   * thread had before is put back), so nothing else that runs on that worker afterwards carries
   * it.
   */
  String MDC_ACTOR_PATH = "actorPath";

  /** This actor's own ref, to hand to others (e.g. as a reply address). */
  ActorRef<M> self();

  /** The system this actor runs in. */
  ActorSystem system();

  /**
   * Starts a child actor named {@code name}, unique among this actor's children. The factory
   * runs on the child's first turn, and again on each restart; it must return a new instance.
   *
   * @throws IllegalArgumentException if a child of that name is alive, or the name is empty or
   *     contains {@code /} or starts with {@code $}
   * @throws IllegalStateException if this actor is stopping
   */
  <C> ActorRef<C> spawn(Supplier<? extends Actor<C>> factory, String name);

  /** As {@link #spawn(Supplier, String)}, with supervision and mailbox from {@code props}. */
  <C> ActorRef<C> spawn(Supplier<? extends Actor<C>> factory, String name, Props props);

  /** Starts a child with a generated name ({@code $} and a number). */
  <C> ActorRef<C> spawnAnonymous(Supplier<? extends Actor<C>> factory);

  /** As {@link #spawnAnonymous(Supplier)}, with {@code props}. */
  <C> ActorRef<C> spawnAnonymous(Supplier<? extends Actor<C>> factory, Props props);

  /**
   * Stops {@code ref}, which must be this actor or one of its children. A child stops
   * asynchronously: its children first, then its {@code postStop}; its remaining messages go to
   * dead letters. Stopping this actor takes effect when the current message has been handled.
   * Stopping a child that already stopped does nothing. To stop any other actor, use {@link
   * ActorSystem#stop(ActorRef)}.
   *
   * @throws IllegalArgumentException if {@code ref} is neither this actor nor a child of it
   */
  void stop(ActorRef<?> ref);

  /**
   * Death watch: when {@code ref} stops (or has already stopped), this actor gets a {@link
   * Terminated} signal in {@link Actor#onSignal}, once. Watching twice is the same as once.
   *
   * @throws IllegalArgumentException if {@code ref} is not an actor of this system (e.g. an ask
   *     reply ref)
   */
  void watch(ActorRef<?> ref);

  /** Stops watching {@code ref}; a {@link Terminated} not yet handled is then dropped. */
  void unwatch(ActorRef<?> ref);

  /** The child named {@code name}, if it is alive. */
  Optional<ActorRef<?>> child(String name);

  /** The children alive now (a snapshot). */
  List<ActorRef<?>> children();

  /** This actor's keyed timers. */
  TimerScheduler<M> timers();

  /**
   * Puts {@code message} aside until {@link #unstashAll()}: Pekko's {@code StashBuffer}. Used to
   * defer messages an actor cannot handle in its current state (e.g. while initialising).
   *
   * @throws IllegalStateException if the stash holds {@code eddy.actor.stash-capacity} messages
   */
  void stash(M message);

  /**
   * Hands every stashed message back, oldest first, ahead of anything still in the mailbox; they
   * are handled once the current message is done.
   */
  void unstashAll();

  /** How many messages are stashed. */
  int stashSize();

  /**
   * A logger named after the actor's class; the call also puts the actor's path in the MDC
   * ({@link #MDC_ACTOR_PATH}) for the rest of the turn. Call it at each use rather than keeping
   * the logger in a field, so that every line carries the path.
   */
  Logger log();

  /**
   * Continues with the outcome of {@code stage} inside this actor (Akka's {@code pipeToSelf}):
   * when the stage completes, on whatever thread, its outcome is queued in this actor's mailbox,
   * and in the actor's own turn {@code mapper} gets the value or the failure (the other one null;
   * a {@link java.util.concurrent.CompletionException} is unwrapped) and returns the message to
   * handle with {@code receive}, or null for none. So the mapper, unlike a callback on the stage,
   * may read and change the actor's state. Typical use: {@code pipeToSelf(other.ask(...), (reply,
   * failure) -> ...)}.
   *
   * <p>A mapper that throws fails the actor, as {@code receive} would. An outcome that comes after
   * a restart goes to the new instance; one that comes after the actor stopped is dropped. The
   * outcome does not count against a bounded mailbox's capacity.
   */
  <T> void pipeToSelf(CompletionStage<T> stage,
      BiFunction<? super T, ? super Throwable, ? extends M> mapper);
}
