package dev.eddy.actor;

/**
 * An actor this one {@linkplain ActorContext#watch watches} has stopped: Pekko's {@code
 * Terminated} (and, when {@code failure} is set, {@code ChildFailed}).
 *
 * <p>Delivered through the watcher's mailbox, after every message the stopped actor sent the
 * watcher, exactly once per watch.
 *
 * @param ref the actor that stopped
 * @param failure the failure that stopped it, or {@code null} if it stopped normally
 */
public record Terminated(ActorRef<?> ref, Throwable failure) implements Signal {

  /** Whether the actor stopped because of a failure. */
  public boolean failed() {
    return failure != null;
  }
}
