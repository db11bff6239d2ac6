package dev.eddy.actor;

/**
 * A message that could not be delivered, as {@link DeadLetters} reports it.
 *
 * @param message the message
 * @param recipient the path of the actor (or ask reply ref) it was for
 * @param reason why it was not delivered, e.g. "recipient stopped", "mailbox full (drop newest)",
 *     "reply after ask completed"
 */
public record DeadLetter(Object message, ActorPath recipient, String reason) {}
