package dev.eddy.actor;

import dev.eddy.actor.internal.ActorAccess;
import dev.eddy.actor.internal.Creation;

/**
 * An actor: state that only its own messages change, one message at a time. Pekko's classic
 * {@code AbstractActor} with typed refs, or a typed {@code AbstractBehavior}.
 *
 * <p>Subclass it, handle messages in {@link #receive(Object)}, and start it with a factory, for
 * example {@code system.spawn(Counter::new, "counter")} or {@code context().spawn(...)}. The
 * system calls the factory on the actor's own turn, and again after each restart, so each
 * incarnation starts fresh. Java 17 style, a sealed interface of records with {@code instanceof}
 * patterns:
 *
 * <pre>{@code
 * sealed interface Command permits Add, Get {}
 * record Add(int amount) implements Command {}
 * record Get(ActorRef<Integer> replyTo) implements Command {}
 *
 * final class Counter extends Actor<Command> {
 *   private int count;
 *
 *   protected void receive(Command message) {
 *     if (message instanceof Add add) {
 *       count += add.amount();
 *     } else if (message instanceof Get get) {
 *       get.replyTo().tell(count);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>On Java 21 and later the same {@code receive} reads best as an exhaustive {@code switch}:
 * {@code switch (message) { case Add add -> count += add.amount(); case Get get ->
 * get.replyTo().tell(count); }} (the compiler checks that every command is handled).
 *
 * <h2>Threads and memory</h2>
 *
 * <p>An actor is a task of the system's runtime: it holds no thread while idle. The system calls
 * the constructor, {@code receive}, {@code onSignal} and the lifecycle hooks <b>one at a time</b>,
 * never two at once, on whichever worker runs the actor's task, and each call happens-after the
 * previous one, so an actor's fields need neither locks nor {@code volatile}. Everything a sender
 * did before {@code tell} happens-before {@code receive} of that message. Do not hand {@code
 * this} or mutable fields to other threads or to {@code CompletionStage} callbacks: send a
 * message to {@code self()} instead.
 *
 * <p>A method that throws fails the actor; its {@link Supervision} decides what comes next.
 *
 * @param <M> the messages this actor handles
 */
public abstract class Actor<M> {

  static {
    ActorAccess.install(new ActorAccess() {
      @Override
      public <T> void receive(Actor<T> actor, T message) throws Exception {
        actor.receive(message);
      }

      @Override
      public void onSignal(Actor<?> actor, Signal signal) throws Exception {
        actor.onSignal(signal);
      }

      @Override
      public void preStart(Actor<?> actor) throws Exception {
        actor.preStart();
      }

      @Override
      public void postStop(Actor<?> actor) throws Exception {
        actor.postStop();
      }

      @Override
      public void preRestart(Actor<?> actor, Throwable cause) throws Exception {
        actor.preRestart(cause);
      }

      @Override
      public void postRestart(Actor<?> actor, Throwable cause) throws Exception {
        actor.postRestart(cause);
      }
    });
  }

  private final ActorContext<M> context;

  /**
   * Binds the new actor to the context being started.
   *
   * @throws IllegalStateException if called outside an actor factory run by the system (an actor
   *     cannot be created with {@code new} on its own: use {@code spawn})
   */
  protected Actor() {
    this.context = Creation.current(getClass());
  }

  /** This actor's context: self, children, watch, timers, stash, log. */
  protected final ActorContext<M> context() {
    return context;
  }

  /** Handles one message. Called by the system only, one message at a time. */
  protected abstract void receive(M message) throws Exception;

  /** Handles a signal, such as {@link Terminated}; ignores it by default. */
  protected void onSignal(Signal signal) throws Exception {}

  /** Runs before the first message of this instance (not after a restart; see postRestart). */
  protected void preStart() throws Exception {}

  /**
   * Runs once, when the actor stops for good, after its children have stopped. A restart does not
   * call it (the failed instance gets {@link #preRestart} instead); but an actor stopped while a
   * restart waits for its backoff calls it on that failed instance, after its {@code preRestart},
   * as Akka does. Not called for an actor whose runtime shut down under it (no turn can run).
   */
  protected void postStop() throws Exception {}

  /** Runs on the failed instance before it is replaced; {@code cause} is the failure. */
  protected void preRestart(Throwable cause) throws Exception {}

  /** Runs on the new instance after a restart; calls {@link #preStart()} by default. */
  protected void postRestart(Throwable cause) throws Exception {
    preStart();
  }
}
