package dev.eddy.actor;

import java.util.function.Consumer;

/**
 * Where undeliverable messages end: messages to stopped actors, messages dropped by a full
 * bounded mailbox, and late replies to {@link ActorRef#ask}. Each one is counted and logged
 * (logger {@code dev.eddy.actor.DeadLetters}, INFO) at a rate limit of {@code
 * eddy.actor.dead-letters.log-max} per {@code log-interval}; suppressed ones are summed in the
 * next line. Pekko's {@code DeadLetter} event stream.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public interface DeadLetters {

  /** How many dead letters this system has had so far. */
  long count();

  /**
   * Calls {@code listener} with every dead letter from now on, on the thread that produced it
   * (often a worker), never under an actor's lock: it must be quick and must not block.
   * Exceptions it throws are logged. It may forward the letter to an actor (a monitor); a {@link
   * DeadLetter} that is itself undeliverable is dropped, not counted and not published again, so
   * such a listener cannot feed itself.
   *
   * @return closing it removes the listener
   */
  AutoCloseable subscribe(Consumer<? super DeadLetter> listener);
}
