package dev.eddy.time.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The buckets of a {@link WheelTimer}, its tick counter, and the two inboxes through which other
 * threads reach them (see the overview in {@code WheelTimer}).
 *
 * <p>Tick {@code k} ends {@code k * tickNanos} after the timer's origin; an entry due {@code d}
 * nanoseconds after the origin belongs to tick {@code ceil(d / tickNanos)}, found in bucket {@code
 * k & mask} after skipping {@code remainingRounds} earlier visits of that bucket.
 *
 * <p>Thread-safety: {@link #offer}, {@link #offerCancelled}, {@link #pending} and {@link
 * #drainAdded} may be called from any thread; everything else only by the thread driving the wheel.
 * Offering to an inbox happens-before the driver polls it.
 */
final class Wheel {

  private static final Comparator<TimerEntry> FIRING_ORDER =
      Comparator.<TimerEntry>comparingLong(e -> e.deadline).thenComparingLong(e -> e.seq);

  // Any thread.
  private final Queue<TimerEntry> added = new ConcurrentLinkedQueue<>();
  private final Queue<TimerEntry> cancelled = new ConcurrentLinkedQueue<>();
  /** Entries offered and not yet fired or dropped: queued in {@link #added} or linked. */
  private final AtomicLong pending = new AtomicLong();

  // The driver only.
  private final Bucket[] buckets;
  private final int mask;
  private final long tickNanos;

  /** The last tick processed; its bucket has been visited. */
  private long tick;
  /** Entries currently linked into a bucket. */
  private long linked;

  Wheel(long tickNanos, int size) {
    this.tickNanos = tickNanos;
    this.buckets = new Bucket[size];
    for (int i = 0; i < size; i++) {
      buckets[i] = new Bucket();
    }
    this.mask = size - 1;
  }

  /** Queues a new entry for the driver; any thread. */
  void offer(TimerEntry entry) {
    pending.incrementAndGet();
    added.offer(entry);
  }

  /** Queues an entry whose state just moved to cancelled, so the driver unlinks it; any thread. */
  void offerCancelled(TimerEntry entry) {
    cancelled.offer(entry);
  }

  /** Entries offered and not yet fired or dropped, cancelled ones included; any thread. */
  long pending() {
    return pending.get();
  }

  /** Takes every queued entry out, passing each to {@code sink}; any thread. */
  void drainAdded(Consumer<TimerEntry> sink) {
    TimerEntry entry;
    while ((entry = added.poll()) != null) {
      pending.decrementAndGet();
      sink.accept(entry);
    }
  }

  /** The end of the next tick to process, in nanoseconds after the origin. */
  long nextTickEnd() {
    return (tick + 1) * tickNanos;
  }

  /**
   * With nothing linked, ticks that ended by {@code now} hold nothing: counts them as processed.
   * Entries added later that belong to one of them go into the next tick instead (late, not early).
   */
  void skipEmptyTicks(long now) {
    if (linked == 0) {
      tick = Math.max(tick, Math.floorDiv(now, tickNanos));
    }
  }

  /** Links the queued entries into their buckets and unlinks the cancelled ones. */
  void drainInboxes() {
    // Bounded by the count at the start, so that producers cannot hold the driver forever.
    for (long budget = pending.get(); budget > 0; budget--) {
      TimerEntry entry = added.poll();
      if (entry == null) {
        break;
      }
      if (entry.isPending()) {
        link(entry);
      } else {
        pending.decrementAndGet(); // cancelled before it reached the wheel
      }
    }
    TimerEntry entry;
    while ((entry = cancelled.poll()) != null) {
      // Not linked means still in `added` (dropped when linked) or already gone.
      if (entry.bucket != null) {
        entry.bucket.remove(entry);
        linked--;
        pending.decrementAndGet();
      }
    }
  }

  /** Links {@code entry} into the bucket of its tick, or of the next tick if its tick is past. */
  private void link(TimerEntry entry) {
    long next = tick + 1;
    // An entry whose tick already passed (its creator was slower than the driver) goes into the
    // next unvisited bucket: late by less than a tick, never early.
    long dueTick = Math.max(Nanos.ceilDiv(entry.deadline, tickNanos), next);
    entry.remainingRounds = (dueTick - next) / buckets.length;
    buckets[(int) (dueTick & mask)].add(entry);
    linked++;
  }

  /**
   * Processes the next tick: drains the inboxes, then returns the entries that became due,
   * unlinked and in firing order (deadline, then creation), or null if none.
   */
  List<TimerEntry> expireNextTick() {
    drainInboxes();
    long next = tick + 1;
    List<TimerEntry> due = buckets[(int) (next & mask)].expire();
    tick = next;
    if (due != null) {
      linked -= due.size();
      pending.addAndGet(-due.size());
      due.sort(FIRING_ORDER);
    }
    return due;
  }

  /** Takes every entry out, linked or queued, passing each to {@code sink}. */
  void drainAll(Consumer<TimerEntry> sink) {
    for (Bucket bucket : buckets) {
      TimerEntry entry;
      while ((entry = bucket.poll()) != null) {
        linked--;
        pending.decrementAndGet();
        sink.accept(entry);
      }
    }
    drainAdded(sink);
    cancelled.clear();
  }
}
