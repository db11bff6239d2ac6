package dev.eddy.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime's global run queue: tasks spawned or woken from outside the workers, and the
 * overflow of full local queues. Many producers, many consumers (every worker).
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Dmitry Vyukov's intrusive MPSC queue ("Intrusive MPSC node-based queue", 1024cores.net),
 * with a lock among consumers so that every worker can take from it. The tasks themselves are
 * the nodes ({@link RawTask#injectNext}): a JFR profile of 1M spawns from outside showed young-GC
 * pauses copying every queued task <em>and</em> its queue node, so the node is gone; a task is
 * in the inject queue at most once at a time (one queue entry per wake, see {@link RawTask}), so
 * one link field is enough.
 *
 * <ul>
 *   <li><b>push</b> (any thread, lock-free): clear the task's link, swap it into {@code tail}
 *       with one atomic exchange, then link the previous tail to it with a release store.
 *   <li><b>pop</b> (under {@code popLock}): {@code head} is the oldest node, possibly the queue's
 *       own {@code stub}, which is skipped. A node is returned only once its successor is known,
 *       so the queue keeps no reference to it and it can be pushed again right away. When the
 *       oldest node is also the last, the stub is pushed behind it first.
 *   <li>Between a producer's exchange and its link the new node is queued but not reachable. A
 *       consumer that meets that gap waits for the link, spinning briefly and then parking with a
 *       growing timeout (the producer is between two instructions, so this is short unless it was
 *       preempted right there). The wait keeps pops linearizable: a pop never reports empty while
 *       a completed push's task is queued behind the gap. It happens under {@code popLock}, so
 *       other consumers wait too (parked on the lock). A producer that never reaches its link (its
 *       thread dies, or a {@code StackOverflowError} hits between the two stores) wedges the
 *       queue for good; JCTools' MPSC queues share this gap, which {@code
 *       ConcurrentLinkedQueue} avoids by linking before it swings the tail, at the cost of a CAS
 *       retry loop per push. docs/runtime.md describes it.
 *   <li>{@link #len()} is the number of pushed tasks (a {@link LongAdder}, so producers do not
 *       share a counter line) minus the popped ones (written by the lock holder): O(1).
 * </ul>
 *
 * <p>The exchange on {@code tail} is a volatile read-modify-write and {@link #isEmpty()} reads
 * {@code tail} as volatile, so a producer's "push, then read the idle state" and a parking
 * worker's "write the idle state, then check the queue" are totally ordered (see {@code Idle}).
 *
 * <p>Thread-safety: every method may be called from any thread. A push happens-before the pop
 * that returns its task. FIFO in the order of the exchanges.
 */
public final class InjectQueue extends InjectQueueFields.TailPad
    implements LocalQueue.Overflow<RawTask<?>> {

  private static final VarHandle NEXT;
  private static final VarHandle TAIL;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      NEXT = l.findVarHandle(RawTask.class, "injectNext", RawTask.class);
      TAIL = l.findVarHandle(InjectQueueFields.TailField.class, "tail", RawTask.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Spins, then yields, before a consumer parks while a push is half done. */
  private static final int SPINS_BEFORE_YIELD = 64;
  private static final int YIELDS_BEFORE_PARK = 64;
  /** First and longest park of a consumer waiting for a producer's link. */
  private static final long FIRST_PARK_NANOS = 1_000;
  private static final long MAX_PARK_NANOS = 1_000_000;

  private static final VarHandle POPPED;

  static {
    try {
      POPPED = MethodHandles.lookup().findVarHandle(InjectQueueFields.HeadField.class, "popped",
          long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Stands in the queue when no task can serve as the oldest node; never run. */
  private static final class Stub extends RawTask<Void> {
    Stub() {
      super(null, false);
    }

    @Override
    protected boolean poll(Worker worker) {
      throw new IllegalStateException("the inject queue's stub is not a task");
    }
  }

  private final RawTask<?> stub = new Stub();
  private final ReentrantLock popLock = new ReentrantLock();
  /** Tasks pushed, counted after each exchange; see {@link #len()}. */
  private final LongAdder pushed = new LongAdder();

  public InjectQueue() {
    head = stub;
    tail = stub;
  }

  /**
   * Appends {@code task}, which must not be in this queue already.
   *
   * @return whether the queue looked empty just before (a hint only; the scheduler notifies a
   *     worker after every push from outside)
   */
  public boolean push(RawTask<?> task) {
    NEXT.set(task, null);
    RawTask<?> prev = (RawTask<?>) TAIL.getAndSet(this, task);
    NEXT.setRelease(prev, task);
    pushed.increment();
    return prev == stub;
  }

  @Override
  public void pushBatch(Object[] batch, int count) {
    if (count == 0) {
      return;
    }
    // Link the batch privately, then publish it with one exchange.
    RawTask<?> first = (RawTask<?>) batch[0];
    RawTask<?> last = first;
    for (int i = 1; i < count; i++) {
      RawTask<?> t = (RawTask<?>) batch[i];
      NEXT.set(last, t);
      last = t;
    }
    NEXT.set(last, null);
    RawTask<?> prev = (RawTask<?>) TAIL.getAndSet(this, last);
    NEXT.setRelease(prev, first);
    pushed.add(count);
  }

  /** Removes and returns the oldest task, or {@code null} when empty. */
  public RawTask<?> pop() {
    return pop(null);
  }

  /**
   * As {@link #pop()}; a worker passes itself so that a task spawned from outside is counted as
   * alive before the lock is released (see {@link #whilePopLocked}).
   */
  RawTask<?> pop(Worker taker) {
    if (isEmpty()) {
      return null;
    }
    popLock.lock();
    try {
      RawTask<?> t = popLocked();
      if (t != null && taker != null) {
        t.countIfUncounted(taker);
      }
      return t;
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
    return popBatch(out, max, null);
  }

  /** As {@link #popBatch(Object[], int)}, counting for {@code taker} as {@link #pop(Worker)}. */
  int popBatch(Object[] out, int max, Worker taker) {
    int limit = Math.min(max, out.length);
    if (limit <= 0 || isEmpty()) {
      return 0;
    }
    popLock.lock();
    try {
      int n = 0;
      while (n < limit) {
        RawTask<?> t = popLocked();
        if (t == null) {
          break;
        }
        if (taker != null) {
          t.countIfUncounted(taker);
        }
        out[n++] = t;
        if (emptied) {
          // That was the last task: the queue was empty for a moment, and a batch must not
          // reach across that moment to tasks pushed after it (Lincheck found the batch was
          // then not one atomic step).
          break;
        }
      }
      return n;
    } finally {
      popLock.unlock();
    }
  }

  /**
   * Evaluates {@code check} while no task can be taken from this queue: a worker counts what it
   * takes before it releases the lock, so a shutdown that checks "nothing queued and nothing
   * alive" here cannot miss a batch in flight between the two.
   */
  boolean whilePopLocked(java.util.function.BooleanSupplier check) {
    popLock.lock();
    try {
      return check.getAsBoolean();
    } finally {
      popLock.unlock();
    }
  }

  /** Vyukov's pop, under popLock. */
  private RawTask<?> popLocked() {
    RawTask<?> h = head;
    RawTask<?> next = (RawTask<?>) NEXT.getAcquire(h);
    if (h == stub) {
      if (next == null) {
        if (TAIL.getVolatile(this) == stub) {
          return null; // empty
        }
        next = awaitLink(stub);
      }
      // Step over the stub; it is re-pushed when it is needed again.
      head = next;
      h = next;
      next = (RawTask<?>) NEXT.getAcquire(h);
    }
    emptied = false;
    if (next == null) {
      if (TAIL.getVolatile(this) == h) {
        // h is the only node: put the stub behind it so that h can leave.
        NEXT.set(stub, null);
        RawTask<?> prev = (RawTask<?>) TAIL.getAndSet(this, stub);
        NEXT.setRelease(prev, stub);
        emptied = prev == h; // no producer got in between: taking h empties the queue
      }
      next = awaitLink(h);
    }
    head = next;
    NEXT.set(h, null); // no reference from a departed task into the queue
    POPPED.setOpaque(this, (long) POPPED.getOpaque(this) + 1); // only the lock holder writes
    return h;
  }

  /**
   * The successor of {@code node}, waiting for a producer that swapped the tail to link it: a
   * few spins and yields (the common, short gap), then parks of growing length (1µs up to 1ms),
   * so that a producer preempted in the gap costs the waiting consumer no CPU.
   */
  private static RawTask<?> awaitLink(RawTask<?> node) {
    RawTask<?> next;
    int spins = 0;
    long parkNanos = FIRST_PARK_NANOS;
    while ((next = (RawTask<?>) NEXT.getAcquire(node)) == null) {
      if (++spins < SPINS_BEFORE_YIELD) {
        Thread.onSpinWait();
      } else if (spins < SPINS_BEFORE_YIELD + YIELDS_BEFORE_PARK) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(node, parkNanos);
        parkNanos = Math.min(MAX_PARK_NANOS, parkNanos * 2);
      }
    }
    return next;
  }

  /**
   * Queued tasks: pushes minus pops, in O(1) and without a lock. A snapshot (a push counts once
   * its exchange is done, a pop under the lock), for monitoring, not for scheduling decisions.
   */
  public int len() {
    long popped = (long) POPPED.getOpaque(this);
    long n = pushed.sum() - popped;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
  }

  /**
   * A cheap hint for polling workers: {@code false} means that no push had been linked when this
   * was read (a push in flight may be missed, but its producer wakes a worker if the queue was
   * empty). It reads only what consumers write and the stub's link, which a producer writes once
   * per empty-to-non-empty change, so workers that poll it do not pull the producers' {@code
   * tail} line away from them (a JFR profile of spawning from outside showed the producer's
   * exchange stalling on exactly that).
   */
  public boolean mayHaveWork() {
    RawTask<?> h = head;
    return h != stub || NEXT.getAcquire(stub) != null;
  }

  /**
   * Whether nothing is queued (a push in progress counts as queued); lock-free. A snapshot: the
   * queue was empty at some moment during the call. Every push whose exchange came before the
   * call is seen (unless its task was taken meanwhile): the stub is re-pushed only behind the last
   * task, so head and tail can both read as the stub only if that task has left. A push during
   * the call may be missed, which is why every push from outside notifies a worker itself.
   */
  public boolean isEmpty() {
    // head first: it only moves towards tail. If both read as the stub, the queue was empty at
    // some moment between the two reads (not necessarily when tail was read: a consumer may step
    // over the stub and re-push it in between). A push completed before head was read is seen.
    RawTask<?> h = head;
    return h == stub && TAIL.getVolatile(this) == stub;
  }
}
