package dev.eddy.actor.internal;

import dev.eddy.actor.Terminated;

/** A watched actor's Terminated, queued behind the messages that actor sent before it stopped. */
final class TerminatedSignal extends ControlMessage {
  private final ActorCell<?> dead;
  private final Throwable failure;

  TerminatedSignal(ActorCell<?> dead, Throwable failure) {
    this.dead = dead;
    this.failure = failure;
  }

  @Override
  void handle(ActorCell<?> cell) throws Exception {
    if (DeathWatch.consumeWatch(cell, dead)) { // not unwatched meanwhile
      ActorAccess.get().onSignal(cell.actor(), new Terminated(dead, failure));
    }
  }
}
