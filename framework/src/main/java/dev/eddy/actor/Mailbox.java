package dev.eddy.actor;

import java.util.Objects;

/**
 * The kind of queue an actor's messages wait in; part of its {@link Props}. Immutable.
 *
 * <ul>
 *   <li>{@link #unbounded()} (the default): a lock-free multi-producer queue; {@code tell} never
 *       waits and never fails. Akka's {@code UnboundedMailbox}.
 *   <li>{@link #bounded(int, OverflowPolicy)}: at most {@code capacity} messages; what happens
 *       to one more is the {@link OverflowPolicy}. Akka's {@code BoundedMailbox}, without the
 *       blocking push-timeout (a worker never blocks).
 * </ul>
 *
 * <p>Messages the system sends an actor itself (its timers, {@link Terminated} signals) are
 * never dropped and do not count against the bound. They are bounded by the actor's own state
 * instead: at most one tick per started timer is queued (a tick that comes while the previous one
 * still waits is skipped), and one {@link Terminated} per watched actor.
 */
public final class Mailbox {

  private static final Mailbox UNBOUNDED = new Mailbox(0, null);

  private final int capacity;
  private final OverflowPolicy policy;

  private Mailbox(int capacity, OverflowPolicy policy) {
    this.capacity = capacity;
    this.policy = policy;
  }

  /** The default: no bound. */
  public static Mailbox unbounded() {
    return UNBOUNDED;
  }

  /**
   * At most {@code capacity} queued messages.
   *
   * @throws IllegalArgumentException if {@code capacity} is less than 1
   */
  public static Mailbox bounded(int capacity, OverflowPolicy policy) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity = " + capacity + ": expected at least 1");
    }
    return new Mailbox(capacity, Objects.requireNonNull(policy, "policy"));
  }

  /** Whether this mailbox has a bound. */
  public boolean isBounded() {
    return policy != null;
  }

  /** The bound; 0 when unbounded. */
  public int capacity() {
    return capacity;
  }

  /** The overflow policy; {@code null} when unbounded. */
  public OverflowPolicy policy() {
    return policy;
  }

  @Override
  public String toString() {
    return isBounded() ? "Mailbox[bounded " + capacity + ", " + policy + "]" : "Mailbox[unbounded]";
  }
}
