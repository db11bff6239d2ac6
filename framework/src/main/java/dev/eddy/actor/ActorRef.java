package dev.eddy.actor;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The address of an actor that accepts messages of type {@code M}: the only way to talk to an
 * actor. Pekko's and Akka's typed {@code ActorRef}.
 *
 * <p>Thread-safety: a ref is immutable and safe to share; every method may be called from any
 * thread, actor or not (a plain {@code main}, a servlet, a test). Refs compare by identity: two
 * refs are equal when they address the same actor incarnation.
 *
 * <p>Ordering and visibility: messages from one sender (one thread, or one actor) to one receiver
 * are handled in the order they were sent. Everything the sender did before {@code tell}
 * happens-before the receiver handles the message. There is no ordering between different
 * senders.
 *
 * @param <M> the messages this actor handles (typically a sealed interface of records)
 */
public interface ActorRef<M> {

  /**
   * Sends {@code message} without waiting (fire and forget). Cheap and non-blocking: one queue
   * append and at most one wake of the actor's task. A message to an actor that has stopped goes
   * to the system's {@link DeadLetters}.
   *
   * @throws NullPointerException if {@code message} is null
   * @throws MailboxOverflowException if the actor has a bounded mailbox with the {@link
   *     OverflowPolicy#FAIL} policy and it is full
   */
  void tell(M message);

  /**
   * Request-response: builds a message with {@code request}, handing it a one-off reply ref, sends
   * it, and returns a stage that completes with the first reply.
   *
   * <p>The stage fails with a {@link dev.eddy.time.TimeoutExceededException} naming this actor's
   * path and {@code timeout} if no reply comes in time; a reply that comes later, and any reply
   * after the first, goes to dead letters (it is never an exception). It fails at once with an
   * {@link IllegalStateException} naming this actor if the actor had already stopped (the request
   * is a dead letter), and with one naming this actor and the system if the system terminates
   * first (so a wait on it never outlives the system). The stage completes on the
   * thread that replies (usually a worker of the system's runtime) or, on timeout, on a worker:
   * use the {@code *Async} variants to continue elsewhere.
   *
   * <pre>{@code
   * CompletionStage<Integer> balance = account.ask(replyTo -> new GetBalance(replyTo),
   *     Duration.ofSeconds(1));
   * }</pre>
   *
   * @param <R> the reply type
   */
  <R> CompletionStage<R> ask(Function<ActorRef<R>, ? extends M> request, Duration timeout);

  /** Where this actor sits in its system's hierarchy, e.g. {@code eddy://bank/user/accounts/42}. */
  ActorPath path();
}
