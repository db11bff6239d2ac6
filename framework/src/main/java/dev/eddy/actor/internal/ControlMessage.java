package dev.eddy.actor.internal;

/**
 * Something the system puts in an actor's ordinary mailbox, in line with its messages: a timer's
 * tick, a Terminated signal. Handled by the cell instead of {@code receive}; never dropped by a
 * bounded mailbox, never a dead letter.
 */
abstract class ControlMessage {

  /** Handles this in {@code cell}'s own turn. */
  abstract void handle(ActorCell<?> cell) throws Exception;
}
