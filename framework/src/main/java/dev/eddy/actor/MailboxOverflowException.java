package dev.eddy.actor;

/**
 * Thrown by {@link ActorRef#tell} when the receiver's bounded mailbox is full and its policy is
 * {@link OverflowPolicy#FAIL}. The message was not queued.
 */
public final class MailboxOverflowException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param message names the actor and the capacity */
  public MailboxOverflowException(String message) {
    super(message);
  }
}
