package dev.eddy.runtime.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Parker} on {@link LockSupport}, with a state word so that {@link #unpark()} only calls
 * {@code LockSupport.unpark} (a system call when the thread sleeps) if the owner is actually
 * parked. Tokio's {@code park.rs} for a thread without an I/O driver.
 */
public final class ThreadParker implements Parker {

  private static final int EMPTY = 0;
  private static final int PARKED = 1;
  private static final int NOTIFIED = 2;

  private final AtomicInteger state = new AtomicInteger(EMPTY);
  private volatile Thread owner;

  /** Binds the parker to the thread that will park on it; called by that thread. */
  public void bind(Thread thread) {
    owner = thread;
  }

  @Override
  public void park() {
    parkNanos(0);
  }

  @Override
  public void parkNanos(long nanos) {
    if (state.compareAndSet(NOTIFIED, EMPTY)) {
      return;
    }
    if (!state.compareAndSet(EMPTY, PARKED)) {
      // Only the owner moves EMPTY -> PARKED, so the state can only be NOTIFIED here.
      state.set(EMPTY);
      return;
    }
    if (nanos > 0) {
      LockSupport.parkNanos(this, nanos);
    } else {
      LockSupport.park(this);
    }
    // Whether notified, timed out or spuriously woken: consume the permit if any and go on;
    // the caller re-checks its own condition.
    state.set(EMPTY);
  }

  @Override
  public void unpark() {
    if (state.getAndSet(NOTIFIED) == PARKED) {
      Thread t = owner;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }
}
