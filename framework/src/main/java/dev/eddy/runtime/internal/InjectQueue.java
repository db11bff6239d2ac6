package dev.eddy.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime's global run queue: tasks spawned or woken from outside the workers, and the
 * overflow of full local queues. Many producers, many consumers (every worker).
 *
 * <h2>Implementation overview</h2>
 *
 * <p>The two-lock queue of Michael and Scott ("Simple, Fast, and Practical Non-Blocking and
 * Blocking Concurrent Queue Algorithms", PODC 1996): a singly-linked list with a dummy head node,
 * one lock for producers (appending at {@code tail}) and another for consumers (advancing {@code
 * head}), so a thread spawning from outside never contends with the workers taking tasks. The
 * link from the last node to a new one is a volatile store, read by consumers, which is what
 * hands a task from producer to consumer (a push happens-before the pop that returns it).
 *
 * <p>Consumers take batches ({@link #popBatch}) so the consumer lock is taken once per batch.
 * {@link #isEmpty()} is a lock-free read of the dummy's link, so a worker with local work skips
 * the lock entirely. {@link #len()} is {@code pushed - popped}, two counters each written under
 * its own lock: exact when quiet, a snapshot otherwise.
 *
 * <p>Thread-safety: every method may be called from any thread. FIFO in the order pushes took the
 * producer lock.
 */
public final class InjectQueue<T> extends InjectQueueFields.Tail
    implements LocalQueue.Overflow<T> {

  private static final VarHandle NEXT;
  private static final VarHandle PUSHED;
  private static final VarHandle POPPED;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
      PUSHED = MethodHandles.privateLookupIn(InjectQueueFields.Tail.class, MethodHandles.lookup())
          .findVarHandle(InjectQueueFields.Tail.class, "pushed", long.class);
      POPPED = MethodHandles.privateLookupIn(InjectQueueFields.Head.class, MethodHandles.lookup())
          .findVarHandle(InjectQueueFields.Head.class, "popped", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final class Node {
    Object item;
    @SuppressWarnings("unused") // through NEXT
    Node next;

    Node(Object item) {
      this.item = item;
    }
  }

  private final ReentrantLock pushLock = new ReentrantLock();
  private final ReentrantLock popLock = new ReentrantLock();

  public InjectQueue() {
    head = tail = new Node(null);
  }

  /**
   * Appends {@code task}.
   *
   * @return whether the queue held at most one task before (so the caller should wake a worker:
   *     a longer queue already has one on its way, as in ForkJoinPool's external push)
   */
  public boolean push(T task) {
    Node node = new Node(task);
    long before;
    pushLock.lock();
    try {
      NEXT.setVolatile(tail, node);
      tail = node;
      before = (long) PUSHED.get(this);
      PUSHED.setRelease(this, before + 1);
    } finally {
      pushLock.unlock();
    }
    return before - (long) POPPED.getVolatile(this) <= 1;
  }

  @Override
  public void pushBatch(Object[] batch, int count) {
    if (count == 0) {
      return;
    }
    // Link the batch privately, then publish it with one store under the lock.
    Node first = new Node(batch[0]);
    Node last = first;
    for (int i = 1; i < count; i++) {
      Node n = new Node(batch[i]);
      last.next = n;
      last = n;
    }
    pushLock.lock();
    try {
      NEXT.setVolatile(tail, first);
      tail = last;
      PUSHED.setRelease(this, (long) PUSHED.get(this) + count);
    } finally {
      pushLock.unlock();
    }
  }

  /** Removes and returns the oldest task, or {@code null} when empty. */
  @SuppressWarnings("unchecked")
  public T pop() {
    if (isEmpty()) {
      return null;
    }
    popLock.lock();
    try {
      Node next = (Node) NEXT.getAcquire(head);
      if (next == null) {
        return null;
      }
      Object item = next.item;
      next.item = null; // next becomes the dummy
      head = next;
      POPPED.setRelease(this, (long) POPPED.get(this) + 1);
      return (T) item;
    } finally {
      popLock.unlock();
    }
  }

  /**
   * Removes up to {@code max} of the oldest tasks into {@code out[0..)} in FIFO order.
   *
   * @return how many were removed
   */
  public int popBatch(Object[] out, int max) {
    int limit = Math.min(max, out.length);
    if (limit <= 0 || isEmpty()) {
      return 0;
    }
    popLock.lock();
    try {
      Node h = head;
      int n = 0;
      while (n < limit) {
        Node next = (Node) NEXT.getAcquire(h);
        if (next == null) {
          break;
        }
        out[n++] = next.item;
        next.item = null;
        h = next;
      }
      head = h;
      POPPED.setRelease(this, (long) POPPED.get(this) + n);
      return n;
    } finally {
      popLock.unlock();
    }
  }

  /** Queued tasks: exact when no push or pop is under way, a snapshot otherwise. */
  public int len() {
    long popped = (long) POPPED.getAcquire(this);
    long pushed = (long) PUSHED.getAcquire(this);
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, pushed - popped));
  }

  /** Whether nothing is queued; lock-free. */
  public boolean isEmpty() {
    // head is guarded by popLock; an unlocked read may see an older dummy, whose link is then
    // non-null: "not empty" is the safe answer, the caller takes the lock and finds out. The
    // link is read and written as volatile so that a producer's "link, then read the idle
    // state" and a parking worker's "write the idle state, then read the link" are totally
    // ordered (see Idle): one of the two always sees the other.
    Node h = head;
    return NEXT.getVolatile(h) == null;
  }
}
