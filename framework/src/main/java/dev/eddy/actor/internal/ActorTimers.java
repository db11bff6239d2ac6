package dev.eddy.actor.internal;

import dev.eddy.actor.TimerScheduler;
import dev.eddy.time.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An actor's keyed timers on the runtime's timer wheel. A tick enqueues its {@link Entry} (a
 * control message) into the actor's mailbox; when the actor takes it, the entry is delivered only
 * if it is still the current one for its key, so a cancelled or replaced timer's message is never
 * handled, even if it was already queued (Akka's generation check, with the entry as generation).
 *
 * <p>An entry is in the mailbox at most once: a tick that comes while the previous one is still
 * queued is skipped ({@link Entry#queued}), so a fixed-rate timer on a slow actor costs one
 * queued message, not one per missed period.
 *
 * <p>Thread-safety: the actor's turn only, except the wheel's tick actions, which only enqueue.
 */
final class ActorTimers<M> implements TimerScheduler<M> {

  private enum Kind { SINGLE, FIXED_RATE, FIXED_DELAY }

  private final ActorCell<M> cell;
  private final HashMap<Object, Entry> timers = new HashMap<>();

  ActorTimers(ActorCell<M> cell) {
    this.cell = cell;
  }

  /** One started timer; also its tick in the mailbox. */
  private final class Entry extends ControlMessage {
    final Object key;
    final M message;
    final Kind kind;
    final Duration delay;
    Cancellable timer;
    /** Set by the tick that enqueues this entry, cleared when the actor takes it. */
    final AtomicBoolean queued = new AtomicBoolean();

    Entry(Object key, M message, Kind kind, Duration delay) {
      this.key = key;
      this.message = message;
      this.kind = kind;
      this.delay = delay;
    }

    @Override
    void handle(ActorCell<?> ignored) throws Exception {
      queued.set(false);
      if (timers.get(key) != this) {
        return; // cancelled or replaced after this tick was queued
      }
      if (kind == Kind.SINGLE) {
        timers.remove(key);
      } else if (kind == Kind.FIXED_DELAY) {
        timer = schedule(this);
      }
      ActorAccess.get().receive(cell.actor(), message);
    }
  }

  @Override
  public void startSingleTimer(Object key, M message, Duration delay) {
    start(new Entry(Objects.requireNonNull(key, "key"), Objects.requireNonNull(message, "message"),
        Kind.SINGLE, delay));
  }

  @Override
  public void startTimerAtFixedRate(Object key, M message, Duration interval) {
    start(new Entry(Objects.requireNonNull(key, "key"), Objects.requireNonNull(message, "message"),
        Kind.FIXED_RATE, interval));
  }

  @Override
  public void startTimerWithFixedDelay(Object key, M message, Duration delay) {
    start(new Entry(Objects.requireNonNull(key, "key"), Objects.requireNonNull(message, "message"),
        Kind.FIXED_DELAY, delay));
  }

  private void start(Entry e) {
    if (!cell.isActive()) {
      return; // stopping: its timers are already cancelled
    }
    cancel(e.key);
    e.timer = e.kind == Kind.FIXED_RATE
        ? cell.system.runtime().timer().interval(e.delay, () -> tick(e))
        : schedule(e);
    timers.put(e.key, e);
  }

  private Cancellable schedule(Entry e) {
    return cell.system.runtime().timer().schedule(e.delay, () -> tick(e));
  }

  /** On the timer's side: enqueues {@code e} unless it is still queued from an earlier tick. */
  private void tick(Entry e) {
    if (e.queued.compareAndSet(false, true)) {
      cell.tellControl(e);
    }
  }

  @Override
  public boolean isTimerActive(Object key) {
    return timers.containsKey(key);
  }

  @Override
  public void cancel(Object key) {
    Entry e = timers.remove(key);
    if (e != null) {
      e.timer.cancel();
    }
  }

  @Override
  public void cancelAll() {
    for (Entry e : new ArrayList<>(timers.values())) {
      e.timer.cancel();
    }
    timers.clear();
  }
}
