package dev.eddy.reactor.internal;

import dev.eddy.runtime.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's place in one worker's selector: the interest its task asked for and the waker to
 * call when the selector reports readiness. mio's {@code Registration} / Tokio's {@code
 * ScheduledIo}, reduced to one waker per channel (the task that owns the channel).
 *
 * <p>Interest is one-shot: {@link #interest(int)} arms operations, and the selector disarms them
 * when it reports them ready and wakes the task. A task whose operation would block again arms
 * the interest again.
 *
 * <p>Thread-safety: {@link #interest(int)}, {@link #cancel()} and {@link #wake()} from any thread;
 * they hand the change to the owning worker (see {@link SelectorParker#submit}). The {@link
 * SelectionKey} is touched only by whoever holds the selector: the owning worker, or a helper
 * while the owner is stuck in a poll.
 */
public final class Registration implements Waker {

  private static final Logger log = LoggerFactory.getLogger(Registration.class);
  private static final VarHandle ON_RELEASED;

  static {
    try {
      ON_RELEASED = MethodHandles.lookup()
          .findVarHandle(Registration.class, "onReleased", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final SelectorParker owner;
  private final SelectableChannel channel;
  private final Waker waker;
  /** Operations to add to the interest set at the owner's next look; any thread ORs them in. */
  private final AtomicInteger requested = new AtomicInteger();
  /** Operations to take out of the interest set at the owner's next look. */
  private final AtomicInteger dropped = new AtomicInteger();
  /**
   * Operations that stay armed when the selector reports them (see {@link #keep}); owner reads,
   * any thread writes.
   */
  private volatile int kept;
  /** Kept ops reported since the task's last poll started; set by the selector's holder. */
  private volatile boolean unpolled;
  /** Kept ops disarmed until the task's next poll starts (see {@link #reportKept}). */
  private final AtomicInteger suspended = new AtomicInteger();
  /** Whether this registration sits in the owner's queue (one entry at a time). */
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile boolean cancelled;
  /**
   * Run by the owner once the cancelled key is flushed from the selector; may be null. Taken
   * once, atomically ({@link #takeReleased}).
   */
  @SuppressWarnings("unused") // also accessed through ON_RELEASED
  private volatile Runnable onReleased;
  /** Selector holder only (owner or helper); {@code null} until the first change is applied. */
  private SelectionKey key;

  /**
   * A registration of {@code channel} (already non-blocking) with {@code owner}'s selector, which
   * wakes {@code waker} on readiness. Nothing is registered until the first {@link #interest}.
   */
  public Registration(SelectorParker owner, SelectableChannel channel, Waker waker) {
    this.owner = owner;
    this.channel = channel;
    this.waker = waker;
  }

  /** Arms {@code ops} ({@link SelectionKey#OP_READ} and friends); any thread. */
  public void interest(int ops) {
    requested.getAndUpdate(r -> r | ops);
    owner.submit(this);
  }

  /**
   * Makes {@code ops} level-triggered: once armed they stay armed when the selector reports them,
   * instead of being disarmed (one-shot, the default). For a task that always consumes the
   * readiness it is woken for (reads until the socket is drained or its budget runs out): it then
   * saves an interest change per event, and with it, when a selection falls between the report
   * and the re-arm, an {@code epoll_ctl} pair. Such a task must {@link #disarm} the ops while it
   * stops consuming (a paused reader), or every selection reports them again, and must call
   * {@link #polled} at the start of each poll. Any thread.
   */
  public void keep(int ops) {
    kept = ops;
  }

  /** Takes {@code ops} out of the interest set (after {@link #keep}); any thread. */
  public void disarm(int ops) {
    dropped.getAndUpdate(d -> d | ops);
    owner.submit(this);
  }

  /** The ops the selector leaves armed when it reports them. */
  int kept() {
    return kept;
  }

  /**
   * Tells the registration that its task's poll starts: kept ops suspended because the selector
   * reported them again before this poll (see {@link #reportKept}) are armed again. A task that
   * uses {@link #keep} calls it at the start of every poll, on the polling thread; cheap (two
   * volatile reads) when nothing was suspended.
   */
  public void polled() {
    if (unpolled) {
      unpolled = false;
    }
    if (suspended.get() != 0) {
      int ops = suspended.getAndSet(0);
      if (ops != 0) {
        interest(ops);
      }
    }
  }

  /**
   * The selector reports kept {@code ops} ready; by the selector's holder. Returns true if they
   * must be disarmed until the task's next {@link #polled}: they were reported before and the
   * task, woken then, has not started a poll since (it is queued, or running on another worker),
   * so another selection would report them again at once, a busy spin (review D13).
   *
   * <p>A Dekker pair with {@link #polled}: this writes {@code suspended} and then reads {@code
   * unpolled}; the task writes {@code unpolled} and then reads {@code suspended}. If this still
   * sees {@code unpolled}, the task's poll starts after the write and re-arms the ops; if not, the
   * ops are not disarmed (a re-arm of armed ops by a racing poll is harmless).
   */
  boolean reportKept(int ops) {
    if (!unpolled) {
      unpolled = true;
      return false;
    }
    suspended.getAndUpdate(s -> s | ops);
    if (unpolled) {
      return true;
    }
    suspended.getAndUpdate(s -> s & ~ops);
    return false;
  }

  /**
   * Removes the channel from the selector; call after closing the channel, from any thread. The
   * key never fires again, and the owner's next selection releases the file descriptor (the JDK
   * defers the close of a registered channel until its key is flushed), so the peer sees the
   * close promptly even when the owner is parked.
   */
  public void cancel() {
    cancelled = true;
    owner.submit(this);
  }

  /**
   * As {@link #cancel()}, then runs {@code released} (on the owner, or on the calling thread if
   * the owner is gone) once the selector has let go of the key: from then on the closed channel's
   * file descriptor is really closed (a listener's port is free).
   */
  public void cancel(Runnable released) {
    onReleased = released;
    cancel();
  }

  /** Takes the release callback, if any; it runs once. */
  Runnable takeReleased() {
    // Atomic take: the owner's close() and a submitter's closed path may race for it.
    return (Runnable) ON_RELEASED.getAndSet(this, (Runnable) null);
  }

  /** Wakes the task that owns the channel. */
  @Override
  public void wake() {
    waker.wake();
  }

  SelectableChannel channel() {
    return channel;
  }

  boolean markQueued() {
    return queued.compareAndSet(false, true);
  }

  void clearQueued() {
    // Cleared before the changes are read, so a change made after the read queues again.
    queued.set(false);
  }

  void rekey(SelectionKey fresh) {
    key = fresh;
  }

  /** Applies the requested changes to {@code selector}; by the selector's holder only. */
  void apply(Selector selector) {
    if (cancelled) {
      requested.set(0);
      if (key != null) {
        key.cancel();
      }
      Runnable released = takeReleased();
      if (released != null) {
        owner.afterFlush(released, key != null);
      }
      return;
    }
    int off = dropped.getAndSet(0);
    int ops = requested.getAndSet(0);
    try {
      if (key == null) {
        key = channel.register(selector, ops & ~off, this);
      } else if (ops != 0 || off != 0) {
        int now = key.interestOps();
        int next = (now & ~off) | ops;
        if (next != now) {
          key.interestOps(next);
        }
      }
    } catch (ClosedChannelException | CancelledKeyException | ClosedSelectorException e) {
      // Closed meanwhile: let the task retry its operation and see the closed channel.
      wake();
    } catch (RuntimeException e) {
      // IllegalBlockingModeException, IllegalSelectorException, IllegalArgumentException (bad
      // ops): a bug of the channel's owner, which must not escape into the worker's loop. Close
      // the channel so that the task, woken, fails its operation instead of re-arming forever.
      log.warn("Registration of {} with ops {} (dropping {}) failed; closing the channel",
          channel, ops, off, e);
      try {
        channel.close();
      } catch (java.io.IOException closeFailed) {
        log.debug("Closing {} after a failed registration failed", channel, closeFailed);
      }
      wake();
    }
  }
}
