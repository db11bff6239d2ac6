package dev.eddy.actor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded multi-producer, single-consumer FIFO of messages: an actor's default mailbox.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Dmitry Vyukov's non-intrusive MPSC node-based queue (1024cores.net), the queue of Akka's
 * and Pekko's default mailbox. Messages are user objects (records, enums), so they cannot carry
 * a link themselves and each one costs one 24-byte node, the only allocation of a {@code tell}.
 *
 * <ul>
 *   <li><b>offer</b> (any thread, lock-free, wait-free): swap the new node into {@code tail} with
 *       one atomic exchange, then link the previous tail to it with a release store.
 *   <li><b>poll</b> (the consumer only): {@code head} is the last node taken (the "stub"); the
 *       next message is in {@code head.next}. The consumer moves {@code head} forward and clears
 *       the old stub's link and the new stub's item, so consumed messages become garbage at once
 *       (no "nepotism" between old and young nodes).
 *   <li>Between a producer's exchange and its link, its node is queued but not reachable. A
 *       consumer that meets that gap (no next node, but {@code tail} is not {@code head}) waits
 *       for the link, spinning and then yielding: the producer is between two instructions. This
 *       keeps poll linearizable (it never reports empty after an offer has returned).
 *   <li>The queue object is its own first stub ({@code extends MpscNode}), so an empty queue that
 *       never held a message costs no node: actors are mostly idle, and {@code ActorCell}
 *       extends this class for the same reason.
 * </ul>
 *
 * <p>Thread-safety: {@link #offer} from any thread; {@link #poll} and {@link #isEmpty()} from one
 * consumer at a time (the actor's task, or a thread holding the dead actor's lock). An offer
 * happens-before the poll that returns its message. FIFO in the order of the exchanges, so
 * messages from one producer are taken in the order it offered them.
 */
public class MpscQueue extends MpscNode {

  private static final VarHandle TAIL;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      TAIL = l.findVarHandle(MpscQueue.class, "tail", MpscNode.class);
      NEXT = l.findVarHandle(MpscNode.class, "next", MpscNode.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Spins before the consumer yields while an offer is half done. */
  private static final int SPINS_BEFORE_YIELD = 64;

  /** The consumer's end: the last node taken. Plain: only the consumer touches it. */
  private MpscNode head = this;
  /** The producers' end: the newest node. */
  @SuppressWarnings("unused") // through TAIL
  private volatile MpscNode tail = this;

  /** An empty queue. */
  public MpscQueue() {}

  /** Appends {@code message} (not null); any thread. */
  public final void offer(Object message) {
    MpscNode node = new MpscNode(message);
    MpscNode prev = (MpscNode) TAIL.getAndSet(this, node);
    NEXT.setRelease(prev, node);
  }

  /** Removes and returns the oldest message, or {@code null} if there is none; consumer only. */
  public final Object poll() {
    MpscNode h = head;
    MpscNode next = (MpscNode) NEXT.getAcquire(h);
    if (next == null) {
      if (h == tail) {
        return null;
      }
      next = awaitLink(h);
    }
    Object item = next.item;
    next.item = null;
    head = next;
    NEXT.setOpaque(h, null);
    return item;
  }

  /** Whether no message is queued (a producer in the middle of an offer counts); consumer only. */
  public final boolean isEmpty() {
    return head == tail;
  }

  private static MpscNode awaitLink(MpscNode h) {
    MpscNode next;
    int spins = 0;
    while ((next = (MpscNode) NEXT.getAcquire(h)) == null) {
      if (++spins < SPINS_BEFORE_YIELD) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    return next;
  }
}
