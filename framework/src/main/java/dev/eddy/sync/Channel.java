package dev.eddy.sync;

import dev.eddy.runtime.internal.Coop;
import dev.eddy.sync.internal.Waiter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, asynchronous, multi-producer single-consumer queue of messages (Tokio's {@code
 * mpsc::channel}): producers {@link #send} and wait while it is full, one consumer {@link
 * #receive}s and waits while it is empty; no method blocks a thread.
 *
 * <pre>{@code
 * Channel<String> ch = Channel.bounded(64);
 * ch.send("hello").thenRun(...);                  // completes once "hello" is in the channel
 * ch.receive().thenAccept(msg -> msg.ifPresentOrElse(this::handle, this::endOfStream));
 * }</pre>
 *
 * <p><b>Backpressure</b>: at most {@link #capacity()} messages are in the channel. A {@link #send}
 * on a full channel returns a stage that completes when its message got in; waiting senders get in
 * strictly in the order they called {@code send}. {@link #trySend} never waits. The bound is on
 * messages in the channel, not on senders waiting for room: each waiting {@code send} keeps its
 * message in a FIFO of waiting senders, without limit. A producer that waits for each {@code send}
 * stage before its next send has at most one message waiting; one that fires sends without waiting
 * has opted out of backpressure, and bounding its sends in flight is its business, since only it
 * knows how many it started and a cap here would have to fail messages the channel promised to
 * deliver. Such a producer should use {@link #trySend}, which refuses when the channel is full.
 *
 * <p><b>Closing</b>: {@link #close()} stops new messages; the ones already in stay receivable, then
 * {@link #receive} yields {@link Optional#empty()} (end of stream). Senders still waiting fail with
 * {@link ChannelClosedException}. Either side may close.
 *
 * <p><b>Giving up</b>: a caller may cancel, time out ({@code orTimeout}) or otherwise complete a
 * waiting stage it got from {@link #send} or {@link #receive} (through {@code
 * toCompletableFuture()}). If that wins, the send is withdrawn (its message never enters) or the
 * receive is withdrawn (no message is taken); if the channel had already decided to complete the
 * stage, the outside completion is refused and returns {@code false}. No message is lost or
 * duplicated either way.
 *
 * <p><b>Thread-safety</b>: {@link #send}, {@link #trySend}, {@link #close}, {@link #isClosed},
 * {@link #size} and {@link #capacity} may be called from any thread at any time. {@link #receive}
 * and {@link #tryReceive} belong to one consumer at a time: they may be called from any thread,
 * but not while a previous {@code receive()} stage is still pending (that is refused, see {@link
 * #receive}). Everything a producer did before sending a message happens-before the consumer's
 * receipt of it (the completion of the receive stage, or the return of {@code tryReceive}). A
 * completed {@code send} stage says only that the message is in the channel, not that it was read.
 *
 * <p><b>Who completes stages</b>: the thread whose call made it possible. A {@code send} or {@code
 * trySend} completes the pending receive it hands its message to; a {@code receive} or {@code
 * tryReceive} completes the waiting sender whose message takes the freed place; {@code close}
 * fails the waiting senders and ends the pending receive. A call that can complete its own stage
 * at once does so before returning. Non-async continuations run on that thread, inside that call,
 * unless the cooperative budget of the current runtime task is spent: then all completions of the
 * call are deferred to a fresh task on the same worker ({@code Coop}), so that a {@code
 * receive().thenCompose(loop)} over a full channel cannot grow the stack without bound or starve
 * other tasks. Outside a runtime worker there is no budget and no deferral.
 *
 * @param <T> the message type; messages must not be {@code null}
 */
public final class Channel<T> {

  /*
   * Implementation overview
   *
   * One ReentrantLock guards all state; critical sections are a few field updates and deque
   * operations, never a completion: each operation decides under the lock what to complete,
   * unlocks, then completes (directly or through Coop.defer). This keeps user continuations
   * from running under the lock, where they could deadlock or re-enter.
   *
   * State:
   *   buffer   - messages in the channel, oldest first; size <= capacity.
   *   senders  - waiting senders (message + Waiter), FIFO.
   *   receiver - the stage of the last receive() that had to wait, or was decided but not yet
   *              delivered; null once delivered or when there was none.
   *
   * Invariants (under the lock, ignoring withdrawn waiters, which are dropped or skipped):
   *   1. a WAITING receiver means buffer is empty (a message would have gone to it);
   *   2. a waiting sender means buffer is full (it would have got in);
   *   3. closed means no waiting senders (close failed them all).
   * So a send hands its message straight to a waiting receiver, and a receive that frees a place
   * moves the first waiting sender's message into the buffer at once, which keeps both FIFO.
   *
   * Races with callers giving up are settled by the Waiter state machine: the channel claim()s a
   * waiter under the lock before giving it a message or a place, and skips waiters it cannot
   * claim; a withdrawn sender removes itself from the deque (onWithdraw takes the lock).
   */

  private static final Logger log = LoggerFactory.getLogger(Channel.class);

  private static final CompletionStage<Void> SENT = CompletableFuture.completedStage(null);

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@code lock}. */
  private final ArrayDeque<T> buffer;
  /** Guarded by {@code lock}. */
  private final ArrayDeque<Sender<T>> senders = new ArrayDeque<>();
  /** Guarded by {@code lock}. */
  private Waiter<Optional<T>> receiver;
  /** Written under {@code lock}; volatile so that {@link #isClosed()} needs no lock. */
  private volatile boolean closed;

  private record Sender<T>(T message, Waiter<Void> done) {}

  private Channel(int capacity) {
    this.capacity = capacity;
    // Grows on demand: a large capacity is a limit, not an up-front allocation.
    this.buffer = new ArrayDeque<>(Math.min(capacity, 16));
  }

  /**
   * Creates an open, empty channel that holds at most {@code capacity} messages.
   *
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public static <T> Channel<T> bounded(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "channel capacity must be at least 1, was " + capacity);
    }
    return new Channel<>(capacity);
  }

  /**
   * Puts {@code message} into the channel, waiting for room while it is full.
   *
   * <p>The stage completes once the message is in the channel (possibly already received); at
   * once if there was room, else when a receive frees a place for it, on the receiving thread.
   * It fails with {@link ChannelClosedException} if the channel is closed before the message got
   * in (the message is then dropped). Completing the stage from outside (cancel, timeout) while it
   * still waits withdraws the message.
   *
   * @throws NullPointerException if {@code message} is {@code null}
   */
  public CompletionStage<Void> send(T message) {
    Objects.requireNonNull(message, "message");
    Waiter<Optional<T>> handTo;
    lock.lock();
    try {
      if (closed) {
        return CompletableFuture.failedStage(closed("send"));
      }
      handTo = claimReceiver();
      if (handTo == null) {
        if (buffer.size() < capacity) {
          buffer.addLast(message);
        } else {
          Waiter<Void> done = new Waiter<>(this::withdrawSender);
          senders.addLast(new Sender<>(message, done));
          return done;
        }
      }
    } finally {
      lock.unlock();
    }
    if (Coop.consume()) {
      deliver(handTo, message);
      return SENT;
    }
    Waiter<Void> done = Waiter.claimed();
    Coop.defer(
        () -> {
          deliver(handTo, message);
          done.settle(null);
        });
    return done;
  }

  /**
   * Puts {@code message} into the channel if there is room, without waiting.
   *
   * @return {@code true} if the message is now in the channel, {@code false} if it was full
   * @throws ChannelClosedException if the channel is closed
   * @throws NullPointerException if {@code message} is {@code null}
   */
  public boolean trySend(T message) {
    Objects.requireNonNull(message, "message");
    Waiter<Optional<T>> handTo;
    lock.lock();
    try {
      if (closed) {
        throw closed("trySend");
      }
      handTo = claimReceiver();
      if (handTo == null) {
        if (buffer.size() >= capacity) {
          return false;
        }
        buffer.addLast(message);
      }
    } finally {
      lock.unlock();
    }
    if (handTo != null) {
      runBudgeted(() -> deliver(handTo, message));
    }
    return true;
  }

  /**
   * Takes the next message, waiting while the channel is empty.
   *
   * <p>The stage completes with the oldest message; at once if there is one, else on the thread
   * that sends the next one. It completes with {@link Optional#empty()} once the channel is closed
   * and every message has been received (end of stream; later calls return empty again).
   * Completing the stage from outside (cancel, timeout) while it still waits withdraws the
   * receive and takes no message.
   *
   * <p>Single consumer: a call made while the stage of a previous call is still pending returns a
   * stage failed with {@link IllegalStateException}, and leaves the previous one untouched.
   */
  public CompletionStage<Optional<T>> receive() {
    Waiter<Optional<T>> own;
    T message;
    Sender<T> admitted;
    lock.lock();
    try {
      if (receiver != null && receiver.isPending()) {
        return CompletableFuture.failedStage(concurrentReceive("receive"));
      }
      message = buffer.pollFirst();
      if (message == null) {
        if (closed) {
          receiver = null;
          return CompletableFuture.completedStage(Optional.empty());
        }
        receiver = new Waiter<>(null);
        return receiver;
      }
      own = Waiter.claimed();
      receiver = own;
      admitted = admitSender();
    } finally {
      lock.unlock();
    }
    Optional<T> value = Optional.of(message);
    if (Coop.consume()) {
      own.settle(value);
      release(admitted);
    } else {
      Coop.defer(
          () -> {
            own.settle(value);
            release(admitted);
          });
    }
    return own;
  }

  /**
   * Takes the next message if there is one, without waiting.
   *
   * @return the oldest message, or {@link Optional#empty()} if the channel is empty (open or
   *     closed; use {@link #isClosed()} to tell apart)
   * @throws IllegalStateException if a {@link #receive()} stage is still pending (single consumer)
   */
  public Optional<T> tryReceive() {
    T message;
    Sender<T> admitted;
    lock.lock();
    try {
      if (receiver != null && receiver.isPending()) {
        throw concurrentReceive("tryReceive");
      }
      message = buffer.pollFirst();
      if (message == null) {
        return Optional.empty();
      }
      admitted = admitSender();
    } finally {
      lock.unlock();
    }
    if (admitted != null) {
      runBudgeted(() -> release(admitted));
    }
    return Optional.of(message);
  }

  /**
   * Closes the channel: no message gets in any more. Messages already in stay receivable; waiting
   * senders fail with {@link ChannelClosedException} and a waiting receive completes with {@link
   * Optional#empty()}, both on this thread before this method returns. Idempotent; any thread.
   */
  public void close() {
    Waiter<Optional<T>> ended;
    List<Waiter<Void>> failed = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      ended = claimReceiver();
      for (Sender<T> s : senders) {
        if (s.done().claim()) {
          failed.add(s.done());
        }
      }
      senders.clear();
    } finally {
      lock.unlock();
    }
    if (!failed.isEmpty()) {
      log.debug("{} closed with {} sender(s) waiting; failing them", this, failed.size());
    }
    if (ended != null) {
      ended.settle(Optional.empty());
    }
    for (Waiter<Void> w : failed) {
      w.settleExceptionally(closed("send (waiting for room)"));
    }
  }

  /** Whether {@link #close()} has been called. Any thread; lock-free. */
  public boolean isClosed() {
    return closed;
  }

  /** The number of messages in the channel now (not counting waiting senders). Any thread. */
  public int size() {
    lock.lock();
    try {
      return buffer.size();
    } finally {
      lock.unlock();
    }
  }

  /** The most messages the channel holds, as given to {@link #bounded(int)}. */
  public int capacity() {
    return capacity;
  }

  @Override
  public String toString() {
    return "Channel[capacity=" + capacity + ", closed=" + closed + "]";
  }

  /** Claims the waiting receiver, if any; caller holds the lock and completes it after unlocking. */
  private Waiter<Optional<T>> claimReceiver() {
    Waiter<Optional<T>> r = receiver;
    // Leave a claimed receiver in the field: until it is settled, it still counts as pending.
    return r != null && r.claim() ? r : null;
  }

  /**
   * Moves the first waiting sender's message into the buffer after a place was freed; caller holds
   * the lock and releases the returned sender after unlocking. Skips senders that gave up.
   */
  private Sender<T> admitSender() {
    Sender<T> s;
    while ((s = senders.pollFirst()) != null) {
      if (s.done().claim()) {
        buffer.addLast(s.message());
        return s;
      }
    }
    return null;
  }

  private void withdrawSender(Waiter<Void> done) {
    lock.lock();
    try {
      senders.removeIf(s -> s.done() == done);
    } finally {
      lock.unlock();
    }
  }

  private void deliver(Waiter<Optional<T>> handTo, T message) {
    if (handTo != null) {
      handTo.settle(Optional.of(message));
    }
  }

  private static void release(Sender<?> admitted) {
    if (admitted != null) {
      admitted.done().settle(null);
    }
  }

  /** Runs completions of other parties' stages on this thread while the budget lasts. */
  private static void runBudgeted(Runnable completions) {
    if (Coop.consume()) {
      completions.run();
    } else {
      Coop.defer(completions);
    }
  }

  private ChannelClosedException closed(String attempted) {
    return new ChannelClosedException(
        attempted + " on a closed channel (capacity " + capacity + ")");
  }

  private IllegalStateException concurrentReceive(String attempted) {
    return new IllegalStateException(
        attempted
            + " called while a previous receive() is still pending; a channel has a single"
            + " consumer: wait for the previous stage to complete");
  }
}
