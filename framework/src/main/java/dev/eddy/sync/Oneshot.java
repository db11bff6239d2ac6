package dev.eddy.sync;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A channel for exactly one value (Tokio's {@code oneshot}): one side {@link #send}s a value, or
 * {@link #fail}s, or {@link #close}s without a value; the other side {@link #receive}s the
 * outcome as a stage. Typical use: a reply slot carried inside a request message.
 *
 * <pre>{@code
 * Oneshot<Integer> reply = Oneshot.create();
 * requests.send(new Get(key, reply));            // the handler calls reply.send(value)
 * reply.receive().thenAccept(value -> ...);
 * }</pre>
 *
 * <p>Only the first of {@code send}, {@code fail} and {@code close} takes effect. The receiving
 * side cannot complete the outcome: completing the stage returned by {@link #receive()} (through
 * {@code toCompletableFuture()}) affects only that copy.
 *
 * <p><b>Thread-safety</b>: every method may be called from any thread. Sending a value
 * happens-before the completion of every {@code receive()} stage with it.
 *
 * <p><b>Who completes stages</b>: the thread that calls {@code send}, {@code fail} or {@code
 * close} completes the pending receive stages and runs their non-async continuations before the
 * call returns; a {@code receive()} after the outcome is decided returns a completed stage, whose
 * continuations run on the thread that attaches them.
 *
 * @param <T> the value type; values must not be {@code null}
 */
public final class Oneshot<T> {

  private final CompletableFuture<T> outcome = new CompletableFuture<>();

  private Oneshot() {}

  /** Creates an empty oneshot. */
  public static <T> Oneshot<T> create() {
    return new Oneshot<>();
  }

  /**
   * Delivers {@code value} to the receiving side.
   *
   * @return {@code true} if this call decided the outcome; {@code false} if a value, a failure or
   *     a close came first (the value is dropped)
   * @throws NullPointerException if {@code value} is {@code null}
   */
  public boolean send(T value) {
    Objects.requireNonNull(value, "value");
    return outcome.complete(value);
  }

  /**
   * Delivers a failure to the receiving side: its stage fails with {@code cause}.
   *
   * @return {@code true} if this call decided the outcome, {@code false} if it was already decided
   * @throws NullPointerException if {@code cause} is {@code null}
   */
  public boolean fail(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    return outcome.completeExceptionally(cause);
  }

  /**
   * Gives up without a value: the receiving side fails with {@link ChannelClosedException}. Does
   * nothing if the outcome was already decided, so it is safe in a {@code finally} after a send.
   */
  public void close() {
    outcome.completeExceptionally(
        new ChannelClosedException("oneshot closed by its sender without a value"));
  }

  /**
   * The outcome: completes with the sent value, fails with the {@link #fail} cause, or fails with
   * {@link ChannelClosedException} after {@link #close()}. May be called any number of times;
   * each call returns a fresh view of the same outcome.
   */
  public CompletionStage<T> receive() {
    return outcome.minimalCompletionStage();
  }

  /** Whether the outcome is decided (sent, failed or closed). */
  public boolean isDone() {
    return outcome.isDone();
  }

  @Override
  public String toString() {
    return "Oneshot[" + (outcome.isDone() ? "done" : "pending") + "]";
  }
}
