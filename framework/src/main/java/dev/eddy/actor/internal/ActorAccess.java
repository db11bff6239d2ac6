package dev.eddy.actor.internal;

import dev.eddy.actor.Actor;
import dev.eddy.actor.Signal;

/**
 * Lets {@link ActorCell} call an {@link Actor}'s protected hooks without making them public (the
 * JDK's {@code SharedSecrets} pattern, as {@code ManualClockAccess}). {@code Actor}'s static
 * initializer installs the implementation; a cell only needs it once it holds an actor
 * instance, whose class was initialized by then (and that initialization happens-before).
 *
 * <p>Not part of Eddy's API.
 */
public abstract class ActorAccess {

  private static ActorAccess instance;

  /** Called once, by {@code Actor}'s static initializer. */
  public static void install(ActorAccess access) {
    synchronized (ActorAccess.class) {
      if (instance != null) {
        throw new IllegalStateException("Actor access is already installed");
      }
      instance = access;
    }
  }

  static ActorAccess get() {
    return instance;
  }

  /** Calls {@code actor.receive(message)}. */
  /** Calls {@code actor.onSignal(signal)}. */
  /** Calls {@code actor.preStart()}. */
  /** Calls {@code actor.postStop()}. */
  /** Calls {@code actor.preRestart(cause)}. */
  /** Calls {@code actor.postRestart(cause)}. */
  public abstract <T> void receive(Actor<T> actor, T message) throws Exception;

  public abstract void onSignal(Actor<?> actor, Signal signal) throws Exception;

  public abstract void preStart(Actor<?> actor) throws Exception;

  public abstract void postStop(Actor<?> actor) throws Exception;

  public abstract void preRestart(Actor<?> actor, Throwable cause) throws Exception;

  public abstract void postRestart(Actor<?> actor, Throwable cause) throws Exception;
}
