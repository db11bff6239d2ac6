package dev.eddy.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks that shutdown must abort because no queue holds them: an intrusive, striped set.
 *
 * <p>Each stripe is a doubly-linked list threaded through the tasks' own fields ({@link
 * TrackedTask}) under the stripe's monitor, so adding and removing cost one uncontended lock and
 * no allocation. A task joins the stripe of the worker that creates it (or, from outside, of its
 * thread's identity hash), which keeps workers off each other's locks; it leaves from whichever
 * thread finishes it. This replaced a {@code ConcurrentHashMap} key set, whose node per task, resizes
 * and 40-odd bytes per entry dominated a profile of spawning a million idle actors.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class TaskRegistry {

  /** One lock and its list. */
  static final class Stripe {
    TrackedTask<?> head;
  }

  private final Stripe[] stripes;

  TaskRegistry(int workers) {
    int n = Integer.highestOneBit(Math.max(4, workers * 2 - 1) * 2 - 1);
    stripes = new Stripe[n];
    for (int i = 0; i < n; i++) {
      stripes[i] = new Stripe();
    }
  }

  void add(TrackedTask<?> task, Worker current) {
    int i = current != null ? current.index : System.identityHashCode(Thread.currentThread());
    Stripe s = stripes[i & (stripes.length - 1)];
    synchronized (s) {
      if (task.trackStripe != null) {
        return;
      }
      task.trackStripe = s;
      task.trackPrev = null;
      task.trackNext = s.head;
      if (s.head != null) {
        s.head.trackPrev = task;
      }
      s.head = task;
    }
  }

  void remove(TrackedTask<?> task) {
    Stripe s = task.trackStripe; // a stale value is re-checked under the lock
    if (s == null) {
      return;
    }
    synchronized (s) {
      if (task.trackStripe != s) {
        return;
      }
      if (task.trackPrev != null) {
        task.trackPrev.trackNext = task.trackNext;
      } else {
        s.head = task.trackNext;
      }
      if (task.trackNext != null) {
        task.trackNext.trackPrev = task.trackPrev;
      }
      task.trackStripe = null;
      task.trackPrev = null;
      task.trackNext = null;
    }
  }

  /** Removes and returns every tracked task. */
  List<TrackedTask<?>> drain() {
    List<TrackedTask<?>> all = new ArrayList<>();
    for (Stripe s : stripes) {
      synchronized (s) {
        for (TrackedTask<?> t = s.head; t != null; ) {
          TrackedTask<?> next = t.trackNext;
          t.trackStripe = null;
          t.trackPrev = null;
          t.trackNext = null;
          all.add(t);
          t = next;
        }
        s.head = null;
      }
    }
    return all;
  }

  /** How many tasks are tracked (a snapshot, for tests). */
  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        for (TrackedTask<?> t = s.head; t != null; t = t.trackNext) {
          n++;
        }
      }
    }
    return n;
  }
}
