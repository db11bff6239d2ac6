package dev.eddy.actor;

/** What a bounded {@link Mailbox} does with a message that arrives when it is full. */
public enum OverflowPolicy {
  /** The new message goes to dead letters; the queued ones stay. */
  DROP_NEWEST,
  /** The oldest queued message goes to dead letters to make room for the new one. */
  DROP_OLDEST,
  /**
   * The sender's {@link ActorRef#tell} throws {@link MailboxOverflowException}: backpressure the
   * sender must handle (inside an actor, the exception is that actor's failure).
   */
  FAIL
}
