package dev.eddy.time.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One slot of the wheel: a doubly-linked list of entries, so that a cancelled entry is unlinked in
 * constant time and nothing keeps a reference to it afterwards.
 *
 * <p>Not thread-safe: only the thread driving the wheel may call any method.
 */
final class Bucket {

  private TimerEntry head;
  private TimerEntry tail;

  void add(TimerEntry entry) {
    entry.bucket = this;
    entry.prev = tail;
    entry.next = null;
    if (tail == null) {
      head = entry;
    } else {
      tail.next = entry;
    }
    tail = entry;
  }

  void remove(TimerEntry entry) {
    if (entry.prev == null) {
      head = entry.next;
    } else {
      entry.prev.next = entry.next;
    }
    if (entry.next == null) {
      tail = entry.prev;
    } else {
      entry.next.prev = entry.prev;
    }
    entry.prev = null;
    entry.next = null;
    entry.bucket = null;
  }

  /** Unlinks and returns the first entry, or null if the bucket is empty. */
  TimerEntry poll() {
    TimerEntry first = head;
    if (first != null) {
      remove(first);
    }
    return first;
  }

  /**
   * One visit of the wheel: entries on their last round that can still fire are unlinked and
   * returned (null if none); the others wait one rotation more.
   */
  List<TimerEntry> expire() {
    List<TimerEntry> due = null;
    TimerEntry entry = head;
    while (entry != null) {
      TimerEntry following = entry.next;
      if (entry.remainingRounds > 0) {
        entry.remainingRounds--;
      } else if (entry.markExpired()) {
        remove(entry);
        if (due == null) {
          due = new ArrayList<>();
        }
        due.add(entry);
      }
      // Otherwise it was cancelled after this tick drained the cancellation queue: its queued
      // cancellation unlinks it on the next tick, which keeps the counting in one place.
      entry = following;
    }
    return due;
  }
}
