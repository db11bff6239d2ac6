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
 * <p>Producers never lock. A push is Dmitry Vyukov's intrusive MPSC enqueue: swap the new node
 * into {@code tail} with one atomic exchange, then link the previous tail to it with a release
 * store. Consumers take a lock among themselves (there are only as many as workers, and they take
 * batches) and walk from the dummy {@code head}. A JFR profile of spawning from outside showed the
 * earlier design, a producer lock, spending most of each spawn in its three fences; this one has
 * one.
 *
 * <p>Between a producer's exchange and its link, the node is in the queue but not reachable yet.
 * A consumer that meets that gap ({@code head.next == null} while {@code tail != head}) waits for
 * the link, spinning and then yielding: the producer is between two instructions, so the wait is
 * short unless the producer was preempted exactly there. Waiting keeps pops linearizable: a pop
 * never reports empty while a completed push's task is queued behind the gap.
 *
 * <p>The exchange on {@code tail} is a volatile read-modify-write and {@link #isEmpty()} reads
 * {@code tail} as volatile, so a producer's "push, then read the idle state" and a parking
 * worker's "write the idle state, then check the queue" are totally ordered (see {@code Idle}).
 *
 * <p>Thread-safety: every method may be called from any thread. A push happens-before the pop
 * that returns its task. FIFO in the order of the exchanges.
 */
public final class InjectQueue<T> implements LocalQueue.Overflow<T> {

  private static final VarHandle NEXT;
  private static final VarHandle TAIL;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      NEXT = l.findVarHandle(Node.class, "next", Node.class);
      TAIL = l.findVarHandle(InjectQueue.class, "tail", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final class Node {
    Object item;
    @SuppressWarnings("unused") // through NEXT
    volatile Node next;

    Node(Object item) {
      this.item = item;
    }
  }

  /** Spins before a consumer yields while a push is half done. */
  private static final int SPINS_BEFORE_YIELD = 64;

  private final ReentrantLock popLock = new ReentrantLock();
  /** The dummy node; written under popLock, read without it by isEmpty/len. */
  private volatile Node head;
  /** The newest node; swapped by producers. */
  @SuppressWarnings("unused") // through TAIL
  private volatile Node tail;

  public InjectQueue() {
    Node dummy = new Node(null);
    head = dummy;
    tail = dummy;
  }

  /**
   * Appends {@code task}.
   *
   * @return whether the queue looked empty just before (so the caller should wake a worker; a
   *     non-empty queue already had one on its way, as in ForkJoinPool's external push)
   */
  public boolean push(T task) {
    Node node = new Node(task);
    Node prev = (Node) TAIL.getAndSet(this, node);
    NEXT.setRelease(prev, node);
    return prev == head; // prev was the dummy: nothing was queued before this task
  }

  @Override
  public void pushBatch(Object[] batch, int count) {
    if (count == 0) {
      return;
    }
    // Link the batch privately, then publish it with one exchange.
    Node first = new Node(batch[0]);
    Node last = first;
    for (int i = 1; i < count; i++) {
      Node n = new Node(batch[i]);
      NEXT.set(last, n);
      last = n;
    }
    Node prev = (Node) TAIL.getAndSet(this, last);
    NEXT.setRelease(prev, first);
  }

  /** Removes and returns the oldest task, or {@code null} when empty. */
  @SuppressWarnings("unchecked")
  public T pop() {
    if (isEmpty()) {
      return null;
    }
    popLock.lock();
    try {
      Node h = head;
      Node next = awaitNext(h);
      if (next == null) {
        return null;
      }
      Object item = next.item;
      next.item = null; // next becomes the dummy
      head = next;
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
        Node next = awaitNext(h);
        if (next == null) {
          break;
        }
        out[n++] = next.item;
        next.item = null;
        h = next;
      }
      head = h;
      return n;
    } finally {
      popLock.unlock();
    }
  }

  /**
   * The node after {@code h}, waiting out a push that has swapped the tail but not linked yet;
   * {@code null} if the queue is empty. Called under popLock.
   */
  private Node awaitNext(Node h) {
    Node next = (Node) NEXT.getAcquire(h);
    int spins = 0;
    while (next == null) {
      if (TAIL.getVolatile(this) == h) {
        return null;
      }
      if (++spins < SPINS_BEFORE_YIELD) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
      next = (Node) NEXT.getAcquire(h);
    }
    return next;
  }

  /**
   * Queued tasks, counted by walking the list without a lock: a snapshot that costs time in
   * proportion to the depth. For monitoring, not for scheduling decisions.
   */
  public int len() {
    int n = 0;
    for (Node x = (Node) NEXT.getAcquire(head); x != null && n < Integer.MAX_VALUE;
        x = (Node) NEXT.getAcquire(x)) {
      n++;
    }
    return n;
  }

  /** Whether nothing is queued (a push in progress counts as queued); lock-free. */
  public boolean isEmpty() {
    // head first: it only moves towards tail, so if tail is still that node afterwards, the queue
    // was empty at the moment tail was read.
    Node h = head;
    return TAIL.getVolatile(this) == h;
  }
}
