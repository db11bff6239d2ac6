package dev.eddy.sync.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A future that a sync primitive hands to a caller who has to wait, and that the caller may give up
 * on (cancel, {@code orTimeout}, {@code completeOnTimeout}) without losing a message.
 *
 * <p>The race it settles: a receiver times out at the very moment a sender hands it a message. With
 * a plain {@link CompletableFuture} the hand-off would land in a future nobody reads and the message
 * would be gone. Here both sides first win a state transition out of {@code WAITING}: the primitive
 * {@link #claim()}s the waiter (under its own lock) before deciding to give it a message, the
 * caller withdraws it by completing it from outside. Whoever wins decides; the loser backs off (a
 * claimed waiter refuses outside completion, because its value is on the way; a withdrawn waiter is
 * skipped by the primitive, and {@code onWithdraw} tells the primitive to forget it).
 *
 * <pre>
 *   WAITING --claim()----------------&gt; CLAIMED   --settle*()--&gt; done (by the primitive)
 *   WAITING --complete/cancel/...----&gt; WITHDRAWN --------------&gt; done (by the caller)
 * </pre>
 *
 * <p>Thread-safety: {@link #claim()} may be called from any thread (callers hold their own lock so
 * that the claim and the decision what to do with the waiter are one step). {@link #settle} and
 * {@link #settleExceptionally} may be called only by the thread that claimed the waiter, after it
 * released its lock, and at most once. The public completion methods may be called from any thread.
 * {@code obtrudeValue}, {@code obtrudeException} and {@code completeAsync} bypass the protocol and
 * must not be used on a waiter.
 *
 * @param <V> the value the waiter completes with
 */
public final class Waiter<V> extends CompletableFuture<V> {

  private static final int WAITING = 0;
  private static final int CLAIMED = 1;
  private static final int WITHDRAWN = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  private final Consumer<? super Waiter<V>> onWithdraw;

  /**
   * Creates a waiting waiter.
   *
   * @param onWithdraw run once, on the withdrawing thread and before the waiter completes, when the
   *     caller gives up; it should drop the primitive's reference to the waiter. May be {@code
   *     null} when the primitive skips withdrawn waiters on its own.
   */
  public Waiter(Consumer<? super Waiter<V>> onWithdraw) {
    this.onWithdraw = onWithdraw;
  }

  /**
   * A waiter that is already claimed: for a result that is decided now but delivered later (through
   * {@code Coop.defer}), so that a caller cannot complete it in between.
   */
  public static <V> Waiter<V> claimed() {
    Waiter<V> w = new Waiter<>(null);
    STATE.setRelease(w, CLAIMED);
    return w;
  }

  /**
   * Takes the right to complete this waiter.
   *
   * @return {@code true} if the caller must now {@code settle} it; {@code false} if it was withdrawn
   *     or claimed before
   */
  public boolean claim() {
    return STATE.compareAndSet(this, WAITING, CLAIMED);
  }

  /**
   * Whether the waiter still counts as an outstanding request: not completed and not withdrawn.
   * A claimed waiter whose value is on its way is pending.
   */
  public boolean isPending() {
    return !isDone() && (int) STATE.getAcquire(this) != WITHDRAWN;
  }

  /** Completes a claimed waiter with {@code value}; runs its dependents on this thread. */
  public void settle(V value) {
    super.complete(value);
  }

  /** Completes a claimed waiter exceptionally; runs its dependents on this thread. */
  public void settleExceptionally(Throwable failure) {
    super.completeExceptionally(failure);
  }

  /** Withdraws the waiter, then completes it; refused once the primitive has claimed it. */
  @Override
  public boolean complete(V value) {
    return withdraw() && super.complete(value);
  }

  /** Withdraws the waiter, then fails it; refused once the primitive has claimed it. */
  @Override
  public boolean completeExceptionally(Throwable ex) {
    return withdraw() && super.completeExceptionally(ex);
  }

  /** Withdraws the waiter, then cancels it; refused once the primitive has claimed it. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return withdraw() ? super.cancel(mayInterruptIfRunning) : isCancelled();
  }

  private boolean withdraw() {
    if (!STATE.compareAndSet(this, WAITING, WITHDRAWN)) {
      return false;
    }
    if (onWithdraw != null) {
      onWithdraw.accept(this);
    }
    return true;
  }
}
