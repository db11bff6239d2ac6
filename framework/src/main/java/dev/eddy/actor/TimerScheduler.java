package dev.eddy.actor;

import java.time.Duration;

/**
 * Timers that send an actor messages to itself, by key: Pekko's {@code TimerScheduler}. Get it
 * from {@link ActorContext#timers()}.
 *
 * <p>Starting a timer with a key that is in use cancels the old one first. A cancelled timer's
 * message is never delivered, not even one already queued when the timer was cancelled. Every
 * timer is cancelled when the actor stops or restarts. Timer messages do not count against a
 * bounded mailbox and are never dropped.
 *
 * <p>Thread-safety: only the actor itself may use its timers (from its {@code receive} and
 * hooks), like the rest of its {@link ActorContext}.
 *
 * @param <M> the actor's message type
 */
public interface TimerScheduler<M> {

  /** Sends {@code message} once, after {@code delay}. */
  void startSingleTimer(Object key, M message, Duration delay);

  /**
   * Sends {@code message} every {@code interval}, first after one interval, at a fixed rate from
   * the start (a late tick does not shift the following ones).
   */
  void startTimerAtFixedRate(Object key, M message, Duration interval);

  /** Sends {@code message} after {@code delay}, and again {@code delay} after each delivery. */
  void startTimerWithFixedDelay(Object key, M message, Duration delay);

  /** Whether a timer with {@code key} is running (a delivered single timer is not). */
  boolean isTimerActive(Object key);

  /** Cancels the timer with {@code key}, if any. */
  void cancel(Object key);

  /** Cancels every timer of this actor. */
  void cancelAll();
}
