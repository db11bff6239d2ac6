package dev.eddy.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to an actor when its {@code receive} (or another of its hooks) throws: the
 * supervision strategy of one child, given in its {@link Props}. Immutable. Pekko's typed {@code
 * SupervisorStrategy}.
 *
 * <ul>
 *   <li>{@link #restart()}: a fresh instance from the actor's factory takes over; the messages
 *       in its mailbox (and its stash) are kept, its children are stopped first, its timers are
 *       cancelled. At most {@code maxRestarts} restarts within {@code within}; one more failure
 *       stops the actor. Optionally with exponential {@linkplain #withBackoff backoff}: the
 *       actor waits {@code min * 2^(n-1)} (at most {@code max}) before the n-th restart of a
 *       window, its messages waiting meanwhile. <b>The default</b>, with the limit of {@code
 *       eddy.actor.supervision}.
 *   <li>{@link #resume()}: the same instance goes on with the next message, its state as the
 *       failure left it.
 *   <li>{@link #stop()}: the actor stops; watchers get a {@link Terminated} with the failure.
 *   <li>{@link #escalate()}: the actor stops and its failure becomes a failure of its parent,
 *       handled by the parent's own supervision (a restarted parent stops all its children).
 * </ul>
 *
 * <p>In every case the message that caused the failure is not handled again, and the failure is
 * logged once (WARN for resume and restart, ERROR for stop, escalate and a spent restart limit).
 */
public final class Supervision {

  /** The four reactions to a failure. */
  public enum Directive {
    /** Replace the instance, keep the mailbox. */
    RESTART,
    /** Keep the instance and go on. */
    RESUME,
    /** Stop the actor. */
    STOP,
    /** Stop the actor and fail its parent. */
    ESCALATE
  }

  private static final Supervision RESTART = new Supervision(Directive.RESTART, -1, null, null,
      null);
  private static final Supervision RESUME = new Supervision(Directive.RESUME, 0, null, null, null);
  private static final Supervision STOP = new Supervision(Directive.STOP, 0, null, null, null);
  private static final Supervision ESCALATE = new Supervision(Directive.ESCALATE, 0, null, null,
      null);

  private final Directive directive;
  private final int maxRestarts;
  private final Duration within;
  private final Duration minBackoff;
  private final Duration maxBackoff;

  private Supervision(Directive directive, int maxRestarts, Duration within, Duration minBackoff,
      Duration maxBackoff) {
    this.directive = directive;
    this.maxRestarts = maxRestarts;
    this.within = within;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** Restart with the limit of {@code eddy.actor.supervision} and no backoff (the default). */
  public static Supervision restart() {
    return RESTART;
  }

  /** Go on with the same instance. */
  public static Supervision resume() {
    return RESUME;
  }

  /** Stop the actor. */
  public static Supervision stop() {
    return STOP;
  }

  /** Stop the actor and fail its parent with the same exception. */
  public static Supervision escalate() {
    return ESCALATE;
  }

  /**
   * A restart strategy allowing at most {@code maxRestarts} restarts within {@code within} (the
   * window starts at the first failure after the previous window ended).
   *
   * @throws IllegalStateException if this is not a restart strategy
   * @throws IllegalArgumentException if {@code maxRestarts} is negative or {@code within} not
   *     positive
   */
  public Supervision withLimit(int maxRestarts, Duration within) {
    requireRestart();
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts = " + maxRestarts + ": expected >= 0");
    }
    requirePositive("within", within);
    return new Supervision(directive, maxRestarts, within, minBackoff, maxBackoff);
  }

  /**
   * A restart strategy that waits before each restart: {@code min} before the first of a window,
   * doubling each time, never more than {@code max}. Messages wait in the mailbox meanwhile.
   *
   * @throws IllegalStateException if this is not a restart strategy
   * @throws IllegalArgumentException if {@code min} is not positive or {@code max < min}
   */
  public Supervision withBackoff(Duration min, Duration max) {
    requireRestart();
    requirePositive("min", min);
    Objects.requireNonNull(max, "max");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is less than min " + min);
    }
    return new Supervision(directive, maxRestarts, within, min, max);
  }

  /** The reaction. */
  public Directive directive() {
    return directive;
  }

  /** For restart: the most restarts in one window; -1 means the configured default. */
  public int maxRestarts() {
    return maxRestarts;
  }

  /** For restart: the window, or {@code null} for the configured default. */
  public Duration within() {
    return within;
  }

  /** For restart with backoff: the first delay; {@code null} without backoff. */
  public Duration minBackoff() {
    return minBackoff;
  }

  /** For restart with backoff: the longest delay; {@code null} without backoff. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  private void requireRestart() {
    if (directive != Directive.RESTART) {
      throw new IllegalStateException("limits and backoff apply to restart, not " + directive);
    }
  }

  private static void requirePositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " = " + d + ": expected a positive duration");
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Supervision[").append(directive);
    if (maxRestarts >= 0 && directive == Directive.RESTART) {
      b.append(", max ").append(maxRestarts).append(" within ").append(within);
    }
    if (minBackoff != null) {
      b.append(", backoff ").append(minBackoff).append("..").append(maxBackoff);
    }
    return b.append(']').toString();
  }
}
