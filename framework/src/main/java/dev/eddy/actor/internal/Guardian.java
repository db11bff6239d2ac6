package dev.eddy.actor.internal;

import dev.eddy.actor.Actor;

/** The parent of every top-level actor ({@code /user}); handles no messages of its own. */
final class Guardian extends Actor<Object> {
  @Override
  protected void receive(Object message) {
    ActorCell.log.debug("the guardian ignores {}", message);
  }
}
