package dev.eddy.runtime.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which workers are parked and how many are searching for work, so that new work wakes exactly
 * one sleeper and never a thundering herd. Tokio's {@code idle.rs}.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>{@code state} packs two counters: the number of <em>searching</em> workers (low 16 bits:
 * awake, out of local work, trying to steal) and the number of <em>unparked</em> workers (high
 * bits). {@code sleepers} is a stack of parked worker indexes, guarded by {@code lock}.
 *
 * <ul>
 *   <li>Work is published, then {@link #workerToNotify()} reads {@code state}: if a worker is
 *       already searching it will find the work, so nobody is woken; else one sleeper is popped and
 *       counted as unparked and searching before it is woken.
 *   <li>At most half of the workers search at once ({@link #transitionToSearching}).
 *   <li>A worker that finds work while searching leaves the searching state; if it was the last
 *       searcher it wakes another worker, so that the work it leaves behind is picked up (Tokio's
 *       "chain of wake-ups").
 *   <li>A worker parks by decrementing the counters and pushing itself on {@code sleepers} under
 *       the lock. If it was the last searcher it re-checks every queue afterwards: a producer that
 *       saw a searcher did not wake anyone, so this last check closes that window.
 * </ul>
 *
 * <p>A producer's "publish, then read state" and a parker's "RMW state, then read queues" must
 * not both miss each other. The parker's RMW orders its side. A producer's publication may not:
 * an inject push is an exchange (an RMW), but a local push is a release store of the queue's
 * tail, which a following volatile load of {@code state} may overtake (the JMM allows it, and
 * x86's store buffer does it). So {@link #workerToNotify()} reads {@code state} with an RMW
 * ({@code getAndAdd(0)}, Tokio's {@code fetch_add(0, SeqCst)}; it runs only when a push decided
 * to notify). Both RMWs are synchronization actions on {@code state}: either the parker's comes
 * first and the producer sees one searcher fewer, or the producer's does and the push
 * happens-before the parker's re-check. {@code LocalPushNotifyTest} in {@code framework/jcstress}
 * checks this on the hardware.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class Idle {

  private static final int UNPARK_SHIFT = 16;
  private static final int SEARCH_MASK = (1 << UNPARK_SHIFT) - 1;
  private static final int UNPARK_ONE = 1 << UNPARK_SHIFT;

  private final AtomicInteger state;
  private final int workers;
  private final ReentrantLock lock = new ReentrantLock();
  private final int[] sleepers;
  private int sleeperCount;
  /** Per worker: parked (on the sleepers stack); guarded by lock. */
  private final boolean[] parked;

  Idle(int workers) {
    this.workers = workers;
    this.state = new AtomicInteger(workers << UNPARK_SHIFT);
    this.sleepers = new int[workers];
    this.parked = new boolean[workers];
  }

  /** The index of a parked worker to wake for new work, already counted as searching, or -1. */
  int workerToNotify() {
    // An RMW, not a load: the StoreLoad fence after the caller's publication (see above).
    if (!shouldWake(state.getAndAdd(0))) {
      return -1;
    }
    lock.lock();
    try {
      if (!shouldWake(state.get()) || sleeperCount == 0) {
        return -1;
      }
      int worker = sleepers[--sleeperCount];
      parked[worker] = false;
      state.addAndGet(UNPARK_ONE | 1);
      return worker;
    } finally {
      lock.unlock();
    }
  }

  private boolean shouldWake(int s) {
    return (s & SEARCH_MASK) == 0 && (s >>> UNPARK_SHIFT) < workers;
  }

  /** Tries to become a searcher; refused when half of the workers already search. */
  boolean transitionToSearching() {
    int s = state.get();
    while (true) {
      if (2 * (s & SEARCH_MASK) >= workers) {
        return false;
      }
      int witness = state.compareAndExchange(s, s + 1);
      if (witness == s) {
        return true;
      }
      s = witness;
    }
  }

  /** Leaves the searching state; returns true if the caller was the last searcher. */
  boolean transitionFromSearching() {
    int prev = state.getAndDecrement();
    return (prev & SEARCH_MASK) == 1;
  }

  /**
   * Records {@code worker} as parked. Returns true if it was the last searcher, in which case the
   * caller must re-check the queues for work published while it searched.
   */
  boolean transitionToParked(int worker, boolean searching) {
    lock.lock();
    try {
      int dec = UNPARK_ONE | (searching ? 1 : 0);
      int prev = state.getAndAdd(-dec);
      boolean lastSearcher = searching && (prev & SEARCH_MASK) == 1;
      sleepers[sleeperCount++] = worker;
      parked[worker] = true;
      return lastSearcher;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code worker} is still on the sleepers stack (nobody has woken it). */
  boolean isParked(int worker) {
    lock.lock();
    try {
      return parked[worker];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes {@code worker} off the sleepers stack because it woke for its own reasons (I/O, a
   * spurious wake-up with work in its own queue). Returns true if it was still parked.
   */
  boolean unparkWorker(int worker) {
    lock.lock();
    try {
      if (!parked[worker]) {
        return false;
      }
      parked[worker] = false;
      for (int i = 0; i < sleeperCount; i++) {
        if (sleepers[i] == worker) {
          sleepers[i] = sleepers[--sleeperCount];
          break;
        }
      }
      state.addAndGet(UNPARK_ONE);
      return true;
    } finally {
      lock.unlock();
    }
  }

  int searching() {
    return state.get() & SEARCH_MASK;
  }

  int unparked() {
    return state.get() >>> UNPARK_SHIFT;
  }
}
