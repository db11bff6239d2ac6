package dev.eddy.time.internal;

import java.util.List;
import java.util.function.Consumer;

/**
 * The buckets and the tick counter of a {@link WheelTimer}: the part only its driver touches.
 *
 * <p>Tick {@code k} ends {@code k * tickNanos} after the timer's origin; an entry due {@code d}
 * nanoseconds after the origin belongs to tick {@code ceil(d / tickNanos)}, found in bucket {@code
 * k & mask} after skipping {@code remainingRounds} earlier visits of that bucket.
 *
 * <p>Not thread-safe: only the thread driving the wheel may call any method.
 */
final class Wheel {

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

  /** Links {@code entry} into the bucket of its tick, or of the next tick if its tick is past. */
  void link(TimerEntry entry) {
    long next = tick + 1;
    // An entry whose tick already passed (its creator was slower than the driver) goes into the
    // next unvisited bucket: late by less than a tick, never early.
    long dueTick = Math.max(Nanos.ceilDiv(entry.deadline, tickNanos), next);
    entry.remainingRounds = (dueTick - next) / buckets.length;
    buckets[(int) (dueTick & mask)].add(entry);
    linked++;
  }

  /** Unlinks a cancelled entry; false if it was not linked. */
  boolean unlink(TimerEntry entry) {
    if (entry.bucket == null) {
      return false;
    }
    entry.bucket.remove(entry);
    linked--;
    return true;
  }

  /**
   * Processes the next tick: returns the entries that became due (unlinked, in no particular
   * order), or null if none.
   */
  List<TimerEntry> expireNextTick() {
    long next = tick + 1;
    List<TimerEntry> due = buckets[(int) (next & mask)].expire();
    tick = next;
    if (due != null) {
      linked -= due.size();
    }
    return due;
  }

  /** Unlinks every entry, passing each to {@code sink}; returns how many there were. */
  long drain(Consumer<TimerEntry> sink) {
    long drained = 0;
    for (Bucket bucket : buckets) {
      TimerEntry entry;
      while ((entry = bucket.poll()) != null) {
        drained++;
        sink.accept(entry);
      }
    }
    linked -= drained;
    return drained;
  }
}
