package dev.eddy.reactor.internal;

import dev.eddy.runtime.internal.Parker;
import dev.eddy.runtime.internal.WorkerThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The I/O driver of one runtime: one {@link SelectorParker} per worker, and the choice of which
 * one a new channel registers with. Tokio's {@code io::Driver} split across the workers, like
 * Netty's event-loop group.
 *
 * <p>Placement rule: a channel opened on a worker thread registers with that worker's selector
 * (its readiness then wakes tasks on the thread that created it, as Netty's child channels stay on
 * their event loop); a channel opened from any other thread goes to the next selector in
 * round-robin order.
 *
 * <p>Thread-safety: {@link #parker(int)} is called while the scheduler is built, before any worker
 * runs; everything else from any thread.
 */
public final class Reactor {

  private final SelectorParker[] parkers;
  private final AtomicInteger next = new AtomicInteger();

  /** A driver for {@code workers} workers; the selectors open in {@link #parker(int)}. */
  public Reactor(int workers) {
    this.parkers = new SelectorParker[workers];
  }

  /**
   * Opens the selector of worker {@code index}; the scheduler's parker factory.
   *
   * @throws UncheckedIOException if the JDK cannot open a selector (no file descriptors left)
   */
  public Parker parker(int index) {
    try {
      SelectorParker p = new SelectorParker(this, index);
      parkers[index] = p;
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the selector of worker " + index, e);
    }
  }

  /** The selector parker of the worker running on this thread, or {@code null} off the workers. */
  public static SelectorParker current() {
    return Thread.currentThread() instanceof WorkerThread t
        && t.worker().parker() instanceof SelectorParker p ? p : null;
  }

  /** The number of selectors (one per worker). */
  public int size() {
    return parkers.length;
  }

  /** The parker a channel opened from outside the workers registers with: round-robin. */
  public SelectorParker nextParker() {
    return parkers[Math.floorMod(next.getAndIncrement(), parkers.length)];
  }

  /**
   * Where a new channel registers: the current worker's selector when called on a worker of this
   * driver's runtime, else the next in round-robin order.
   */
  public SelectorParker place() {
    SelectorParker p = current();
    return p != null && p.reactor() == this ? p : nextParker();
  }

  /** Registered keys over all selectors (open ones only): for tests and metrics. */
  public int keyCount() {
    int n = 0;
    for (SelectorParker p : parkers) {
      n += p == null ? 0 : p.keyCount();
    }
    return n;
  }

  /** Whether every selector has been closed (each worker closes its own as it exits). */
  public boolean isClosed() {
    for (SelectorParker p : parkers) {
      if (p != null && !p.isClosed()) {
        return false;
      }
    }
    return true;
  }
}
