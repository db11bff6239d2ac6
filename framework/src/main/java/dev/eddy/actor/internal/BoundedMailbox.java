package dev.eddy.actor.internal;

import dev.eddy.actor.Mailbox;
import dev.eddy.actor.MailboxOverflowException;
import dev.eddy.actor.OverflowPolicy;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A bounded mailbox: a deque under a lock, with the capacity counting user messages only (the
 * system's control messages always get in; they are bounded at their source: one queued tick per
 * timer, one Terminated per watched actor). A lock, not a lock-free ring, because drop-oldest
 * needs producers to remove from the consumer's end; bounded mailboxes are for backpressure and
 * overload, not the hot path.
 *
 * <p>Thread-safety: {@code offer*} from any thread, {@code poll} from the consumer (the actor's
 * turn, or the holder of the dead cell's lock); every method locks.
 */
final class BoundedMailbox {

  private final int capacity;
  private final OverflowPolicy policy;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  /** User messages in {@code queue}. */
  private int size;

  BoundedMailbox(Mailbox mailbox) {
    this.capacity = mailbox.capacity();
    this.policy = mailbox.policy();
  }

  /**
   * Appends {@code message}, or applies the overflow policy.
   *
   * @return whether {@code message} was queued (so the actor should be woken)
   * @throws MailboxOverflowException for {@link OverflowPolicy#FAIL} when full
   */
  boolean offer(Object message, ActorCell<?> cell) {
    Object dropped = null;
    synchronized (this) {
      if (size < capacity) {
        queue.addLast(message);
        size++;
        return true;
      }
      switch (policy) {
        case DROP_NEWEST -> dropped = message;
        case DROP_OLDEST -> {
          for (Iterator<Object> it = queue.iterator(); it.hasNext(); ) {
            Object m = it.next();
            if (!(m instanceof ControlMessage)) {
              it.remove();
              dropped = m;
              break;
            }
          }
          queue.addLast(message);
        }
        case FAIL -> {
          throw new MailboxOverflowException("mailbox of " + cell.path() + " is full ("
              + capacity + " messages)");
        }
      }
    }
    cell.system.deadLetters.publish(dropped, cell, "mailbox full ("
        + (policy == OverflowPolicy.DROP_NEWEST ? "drop newest" : "drop oldest") + ")");
    return policy == OverflowPolicy.DROP_OLDEST;
  }

  synchronized void offerControl(ControlMessage message) {
    queue.addLast(message);
  }

  synchronized Object poll() {
    Object m = queue.pollFirst();
    if (m != null && !(m instanceof ControlMessage)) {
      size--;
    }
    return m;
  }

  synchronized boolean isEmpty() {
    return queue.isEmpty();
  }
}
