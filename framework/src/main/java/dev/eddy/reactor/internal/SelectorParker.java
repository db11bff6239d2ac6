package dev.eddy.reactor.internal;

import dev.eddy.runtime.internal.Parker;
import dev.eddy.runtime.internal.WorkerThread;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's {@link Parker} that waits in {@link Selector#select()}: the per-worker half of the
 * I/O driver (Tokio's {@code park} on an I/O driver, Netty's {@code NioEventLoop}).
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Parking.</b> A state word ({@code EMPTY}, {@code PARKED}, {@code NOTIFIED}), as Tokio's
 * {@code park.rs} has: the owner publishes {@code PARKED} before it blocks in
 * {@code select}, and {@link #unpark()} calls {@link Selector#wakeup()} (a write to an eventfd or
 * pipe) only when it finds {@code PARKED}, so waking a busy worker costs one atomic swap and no
 * system call. A wake that lands before the owner parks leaves {@code NOTIFIED}, and the next park
 * returns at once (the permit of {@code LockSupport}).
 *
 * <p><b>Readiness.</b> Each key's attachment is a {@link Registration}, a {@link
 * dev.eddy.runtime.Waker} that wakes the task waiting on the channel. When a key is selected its
 * ready operations are removed from its interest set (one-shot, as mio arms interest): JDK
 * selectors are level-triggered, so an interest left armed while the task is not consuming would
 * make every {@code select} return at once, a busy spin. The woken task retries its operation and
 * re-arms interest only if the operation would still block. Waking from this (worker) thread puts
 * the task in the worker's LIFO slot, so read, handle and write run on this thread next. Kept
 * (level-triggered) operations stay armed, except when a selection reports them again before the
 * woken task has polled (it is queued or running elsewhere): they are then suspended until its
 * next poll starts ({@link Registration#polled}), so that this selector does not spin meanwhile.
 *
 * <p><b>Registration from any thread.</b> {@code SelectableChannel.register} may block while
 * another thread is inside {@code select}, and interest changes made elsewhere take effect only
 * at the next {@code select}. So a thread other than the owner never touches the selector: it
 * queues the {@link Registration} (an MPSC queue, one entry per registration at a time) and calls
 * {@link #unpark()}. The owner drains the queue before every {@code select} and {@code
 * selectNow}, after publishing {@code PARKED}, so a registration queued later always finds
 * {@code PARKED} and wakes it.
 *
 * <p><b>Selector quirks.</b> (1) An interrupted thread returns from {@code select} at once for as
 * long as it stays interrupted: the owner clears the flag (a task interrupted its worker, a bug
 * logged at debug). (2) The old Linux epoll bug (JDK-6670302, {@code select} returning 0 with
 * nothing ready, forever): after {@value #REBUILD_THRESHOLD} early empty returns in a row the
 * selector is replaced by a new one with every key moved over, as Netty does. (3) A {@code
 * wakeup()} that races with a {@code select} returning for another reason makes the next select
 * return early once; that is an allowed spurious return.
 *
 * <p><b>Closing.</b> {@link #close()} (the owner, as its worker exits) closes every channel still
 * registered, then the selector, so a runtime shut down with open connections leaks neither.
 *
 * <p><b>A stuck owner.</b> While the owner is stuck in one long poll, a helper (the runtime's
 * blocked-worker checker) may drive this selector through {@link #driveForStuckOwner}: it applies
 * the pending changes, selects and wakes the ready tasks from its own thread, so they run on
 * other workers. A word ({@code FREE}, {@code OWNER}, {@code HELPER}) says who uses the selector;
 * the owner takes it with one CAS before each selection and each change it applies itself, and
 * takes it back from a helper by waking the helper's {@code select}. {@link #unpark} also wakes a
 * helper's {@code select}, so a change queued meanwhile is applied at once.
 *
 * <p>Thread rules: {@link #park}, {@link #parkNanos}, {@link #pollEvents} and {@link #close} on
 * the owner only; {@link #driveForStuckOwner} on any other thread; {@link #unpark}, {@link
 * #submit} and the counters from any thread. The selector, the keys and the release callbacks
 * are touched only by whoever holds the selector (the owner or a helper).
 */
public final class SelectorParker implements Parker {

  private static final Logger log = LoggerFactory.getLogger(SelectorParker.class);

  private static final int EMPTY = 0;
  private static final int PARKED = 1;
  private static final int NOTIFIED = 2;
  private static final int FREE = 0;
  private static final int OWNER = 1;
  private static final int HELPER = 2;
  /** Early empty returns in a row before the selector is rebuilt (Netty's default is 512). */
  static final int REBUILD_THRESHOLD = 512;

  private final Reactor reactor;
  private final int index;
  private final AtomicInteger state = new AtomicInteger(EMPTY);
  /**
   * Who uses the selector now ({@code FREE}, {@code OWNER}, {@code HELPER}): the owner, or a
   * helper selecting while the owner is stuck in one poll. The holder alone touches the selector,
   * the keys and {@code released}; the CAS and the release store order one holder after the
   * other.
   */
  private final AtomicInteger driver = new AtomicInteger(FREE);
  private final ConcurrentLinkedQueue<Registration> pending = new ConcurrentLinkedQueue<>();
  /** Replaced only by the owner (rebuild); volatile for {@link #unpark()} on other threads. */
  private volatile Selector selector;
  private volatile boolean closed;
  /** Owner only (helpers do not count early returns). */
  private int earlyReturns;
  /** Selector holder only: callbacks waiting for cancelled keys to be flushed by a selection. */
  private final java.util.ArrayList<Runnable> released = new java.util.ArrayList<>();

  SelectorParker(Reactor reactor, int index) throws IOException {
    this.reactor = reactor;
    this.index = index;
    this.selector = Selector.open();
  }

  /** The driver this parker belongs to (the runtime's other selectors). */
  public Reactor reactor() {
    return reactor;
  }

  /** The index of this parker's worker, from 0 to {@link Reactor#size()} - 1. */
  public int index() {
    return index;
  }

  /** Whether the calling thread is this parker's worker. */
  boolean isOwnerThread() {
    return Thread.currentThread() instanceof WorkerThread t && t.worker().parker() == this;
  }

  // ---- Parker ------------------------------------------------------------------------------

  @Override
  public void park() {
    parkNanos(0);
  }

  @Override
  public void parkNanos(long nanos) {
    if (state.compareAndSet(NOTIFIED, EMPTY) || !state.compareAndSet(EMPTY, PARKED)) {
      // Notified before we parked (only the owner moves EMPTY -> PARKED, so the failed CAS also
      // means NOTIFIED): consume the permit, but still look at the selector.
      state.set(EMPTY);
      pollEvents();
      return;
    }
    acquire();
    try {
      parkDriving(nanos);
    } finally {
      driver.setRelease(FREE);
    }
  }

  /** The body of {@link #parkNanos}, with {@code PARKED} published and the selector held. */
  private void parkDriving(long nanos) {
    int selected = 0;
    boolean woken;
    long start = System.nanoTime();
    try {
      applyPending();
      if (!released.isEmpty()) {
        // A key was cancelled with someone waiting for its release: flush it now, not after a
        // block. An early return from park is allowed.
        selected = selector.selectNow();
        runReleased();
        if (selected > 0) {
          dispatch();
        }
        return;
      }
      selected = nanos > 0
          ? selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)))
          : selector.select();
    } catch (IOException e) {
      log.warn("Worker {}: select failed; going on", index, e);
    } catch (ClosedSelectorException e) {
      return; // closed under us at shutdown: nothing left to wait for
    } finally {
      woken = state.getAndSet(EMPTY) == NOTIFIED;
    }
    if (selected > 0) {
      earlyReturns = 0;
      dispatch();
    } else if (woken || (nanos > 0 && System.nanoTime() - start >= nanos)) {
      earlyReturns = 0;
    } else {
      onEarlyReturn();
    }
  }

  @Override
  public void unpark() {
    // A helper selecting for a stuck owner must see the change too: the getAndSet orders the
    // caller's queued change before the read of driver (see driveForStuckOwner).
    if (state.getAndSet(NOTIFIED) == PARKED || driver.get() == HELPER) {
      selector.wakeup();
    }
  }

  @Override
  public void pollEvents() {
    if (closed) {
      return;
    }
    acquire();
    try {
      applyPending();
      int selected = selector.selectNow();
      runReleased();
      if (selected > 0) {
        dispatch();
      }
    } catch (IOException e) {
      log.warn("Worker {}: selectNow failed; going on", index, e);
    } catch (ClosedSelectorException e) {
      // closed at shutdown
    } finally {
      driver.setRelease(FREE);
    }
  }

  /**
   * Selects for an owner stuck in one long poll: pending changes are applied, and readiness wakes
   * the tasks from this (foreign) thread, so they go to the inject queue and run on the other
   * workers. Holds the selector for one selection of at most {@code nanos}; the owner takes it
   * back by waking that selection ({@link #acquire}). Any thread but the owner.
   */
  @Override
  public boolean driveForStuckOwner(long nanos) {
    if (closed || !driver.compareAndSet(FREE, HELPER)) {
      return false;
    }
    try {
      if (closed) {
        return false;
      }
      applyPending();
      int selected = released.isEmpty()
          ? selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)))
          : selector.selectNow();
      runReleased();
      if (selected > 0) {
        dispatch();
      }
      return true;
    } catch (IOException e) {
      log.warn("Worker {}: select for the stuck worker failed; going on", index, e);
      return true;
    } catch (ClosedSelectorException e) {
      return false;
    } finally {
      driver.setRelease(FREE);
    }
  }

  /**
   * Takes the selector for the owner: one uncontended CAS, unless a helper is selecting for it
   * (the owner was stuck in a poll), which is woken and waited for.
   */
  private void acquire() {
    if (!driver.compareAndSet(FREE, OWNER)) {
      reclaim();
    }
  }

  private void reclaim() {
    while (!driver.compareAndSet(FREE, OWNER)) {
      selector.wakeup(); // the helper leaves its select, dispatches what it has and lets go
      Thread.yield();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return; // closed already (and its selector kept by that close)
    }
    closed = true;
    acquire(); // kept: nobody selects a closed parker again
    Selector s = selector;
    try {
      for (SelectionKey key : s.keys()) {
        closeQuietly(key.channel());
      }
      s.close();
    } catch (IOException | ClosedSelectorException e) {
      log.debug("Worker {}: closing the selector failed", index, e);
    }
    Registration r;
    while ((r = pending.poll()) != null) {
      closeQuietly(r.channel());
      Runnable callback = r.takeReleased();
      if (callback != null) {
        released.add(callback);
      }
    }
    runReleased(); // the selector is closed: every key is gone
  }

  // ---- registrations -----------------------------------------------------------------------

  /**
   * Applies {@code r}'s requested changes: at once on the owner thread, else at the owner's next
   * selection (waking it if parked). Any thread.
   */
  void submit(Registration r) {
    if (isOwnerThread() && driver.compareAndSet(FREE, OWNER)) {
      try {
        r.apply(selector);
      } finally {
        driver.setRelease(FREE);
      }
      return;
    }
    // A foreign thread, or the owner while a helper selects for it: the driver applies it.
    if (r.markQueued()) {
      pending.add(r);
      if (closed) {
        // The owner is gone and will not drain the queue again.
        pending.remove(r);
        closeQuietly(r.channel());
        Runnable callback = r.takeReleased();
        if (callback != null) {
          callback.run();
        }
        r.wake();
        return;
      }
      unpark();
    }
  }

  /**
   * Runs {@code callback} after the next selection flushes cancelled keys, or now if the key was
   * never registered; owner only.
   */
  void afterFlush(Runnable callback, boolean registered) {
    if (registered) {
      released.add(callback);
    } else {
      callback.run();
    }
  }

  private void runReleased() {
    if (released.isEmpty()) {
      return;
    }
    Runnable[] due = released.toArray(new Runnable[0]);
    released.clear();
    for (Runnable r : due) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("Worker {}: a key-release callback failed", index, e);
      }
    }
  }

  private void applyPending() {
    Registration r;
    while ((r = pending.poll()) != null) {
      r.clearQueued();
      r.apply(selector);
    }
  }

  private void dispatch() {
    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
    while (it.hasNext()) {
      SelectionKey key = it.next();
      it.remove();
      try {
        if (!key.isValid()) {
          continue; // closed meanwhile: a cancelled key never fires
        }
        Registration r = (Registration) key.attachment();
        int ready = key.readyOps();
        int kept = ready & r.kept();
        int fired = ready & ~kept;
        if (kept != 0 && r.reportKept(kept)) {
          fired |= kept; // reported again before the task polled: suspended until it does
        }
        if (fired != 0) {
          key.interestOps(key.interestOps() & ~fired);
        }
      } catch (CancelledKeyException e) {
        continue;
      }
      ((Registration) key.attachment()).wake();
    }
  }

  // ---- quirks ------------------------------------------------------------------------------

  private void onEarlyReturn() {
    if (Thread.interrupted()) {
      log.debug("Worker {} was interrupted (by a task?); cleared so select can block", index);
      return;
    }
    if (++earlyReturns >= REBUILD_THRESHOLD) {
      earlyReturns = 0;
      rebuild();
    }
  }

  /** Moves every key to a fresh selector: the cure for a selector that no longer blocks. */
  private void rebuild() {
    Selector old = selector;
    Selector fresh;
    try {
      fresh = Selector.open();
    } catch (IOException e) {
      log.warn("Worker {}: select keeps returning early, and a new selector cannot be opened",
          index, e);
      return;
    }
    int moved = 0;
    for (SelectionKey key : old.keys()) {
      Registration r = (Registration) key.attachment();
      try {
        if (key.isValid()) {
          int ops = key.interestOps();
          key.cancel();
          r.rekey(key.channel().register(fresh, ops, r));
          moved++;
        }
      } catch (IOException | CancelledKeyException e) {
        r.wake(); // the task retries and sees the closed channel
      }
    }
    selector = fresh;
    try {
      old.close();
    } catch (IOException e) {
      log.debug("Worker {}: closing the replaced selector failed", index, e);
    }
    log.warn("Worker {}: select returned early {} times in a row with nothing ready; moved {} "
        + "keys to a new selector", index, REBUILD_THRESHOLD, moved);
  }

  // ---- counters (any thread) ---------------------------------------------------------------

  /** Keys registered with this selector; 0 once closed. */
  int keyCount() {
    try {
      return closed ? 0 : selector.keys().size();
    } catch (ClosedSelectorException e) {
      return 0;
    }
  }

  boolean isClosed() {
    return closed && !selector.isOpen();
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Closing {} at shutdown failed", channel, e);
    }
  }
}
