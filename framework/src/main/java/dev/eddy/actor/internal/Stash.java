package dev.eddy.actor.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;

/**
 * An actor's stash: messages put aside, then handed back ahead of the mailbox. Unstashed
 * messages wait in their own deque, which the cell reads before its mailbox (an MPSC queue
 * cannot take messages at its consumer's end). Runs in the actor's turn.
 */
final class Stash {

  private Stash() {}

  static void stash(ActorCell<?> cell, Object message) {
    Objects.requireNonNull(message, "message");
    CellExtras x = cell.extras();
    if (x.stash == null) {
      x.stash = new ArrayDeque<>();
    }
    int capacity = cell.system.config().stashCapacity();
    if (x.stash.size() >= capacity) {
      throw new IllegalStateException("the stash of " + cell.path() + " is full (" + capacity
          + " messages, eddy.actor.stash-capacity)");
    }
    x.stash.addLast(message);
  }

  /** Moves every stashed message, oldest first, ahead of those already unstashed. */
  static void unstashAll(ActorCell<?> cell) {
    CellExtras x = cell.extrasOrNull();
    if (x == null || x.stash == null || x.stash.isEmpty()) {
      return;
    }
    if (x.unstashed == null) {
      x.unstashed = new ArrayDeque<>();
    }
    for (Iterator<Object> it = x.stash.descendingIterator(); it.hasNext(); ) {
      x.unstashed.addFirst(it.next());
    }
    x.stash.clear();
  }
}
