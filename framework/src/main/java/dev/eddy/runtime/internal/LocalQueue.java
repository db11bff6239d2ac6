package dev.eddy.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's bounded run queue: one owner pushes at the tail and pops at the head (FIFO), any
 * number of thieves steal half of it at once. The algorithm is Tokio's
 * ({@code tokio/src/runtime/scheduler/multi_thread/queue.rs}).
 *
 * <h2>Implementation overview</h2>
 *
 * <p>A power-of-two ring {@code buffer} indexed by ever-increasing {@code int} positions (they
 * wrap; only differences are used). {@code tail} is written only by the owner. {@code head} packs
 * two positions into one {@code long}: {@code steal} (high 32 bits) and {@code real} (low 32
 * bits). Tasks in {@code [real, tail)} are queued; tasks in {@code [steal, real)} are being copied
 * out by a thief, so their slots may not be reused yet. Without a steal in progress, {@code steal
 * == real}.
 *
 * <ul>
 *   <li><b>push</b> (owner): if {@code tail - steal < capacity}, write the slot, then publish with
 *       a release store of {@code tail}. No CAS. Otherwise the queue is full: move half of it and
 *       the new task to the overflow in one batch (or only the new task if a thief is busy).
 *   <li><b>pop</b> (owner): CAS {@code real} forward by one. The CAS is uncontended except while a
 *       thief claims a batch; FIFO order for the owner is what keeps a task that re-wakes itself
 *       from starving the rest of the queue (a LIFO owner end would run it again at once).
 *   <li><b>steal</b> (thief): claim {@code n = ceil(len / 2)} tasks by CAS-ing {@code real} forward
 *       while leaving {@code steal} where it was; copy them into the thief's own queue; then CAS
 *       {@code steal} up to {@code real} to release the slots. Only one thief at a time: a thief
 *       that sees {@code steal != real} gives up on this queue.
 * </ul>
 *
 * <p>Memory ordering: the owner's release store of {@code tail} publishes slot writes to thieves,
 * which read {@code tail} with acquire. Head CASes are volatile. Slots themselves are plain: a
 * slot is written only by the owner, and only after a head read (acquire) proved it free.
 *
 * <p>Thread rules: {@link #push}, {@link #pop}, {@link #stealInto}'s destination and {@link
 * #drain} may only be used by the owner thread. {@link #stealInto} (as source), {@link #len} and
 * {@link #isEmpty} are safe from any thread.
 */
public final class LocalQueue<T> {

  private static final VarHandle HEAD;
  private static final VarHandle TAIL;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(LocalQueue.class, "head", long.class);
      TAIL = l.findVarHandle(LocalQueue.class, "tail", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Packed (steal, real); CAS-ed by the owner and thieves. */
  private volatile long head;
  /** Written only by the owner (release); read by thieves (acquire). */
  private volatile int tail;

  private final Object[] buffer;
  private final int mask;

  /** Where a full queue sends its overflow. */
  public interface Overflow<T> {
    /** Takes {@code count} tasks: {@code batch[0..count)}. */
    void pushBatch(Object[] batch, int count);
  }

  public LocalQueue(int capacity) {
    if (capacity < 2 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity = " + capacity + ": expected a power of two");
    }
    this.buffer = new Object[capacity];
    this.mask = capacity - 1;
  }

  public int capacity() {
    return buffer.length;
  }

  /** Number of queued tasks; exact on the owner thread, a snapshot elsewhere. */
  public int len() {
    long h = (long) HEAD.getAcquire(this);
    int t = (int) TAIL.getAcquire(this);
    return t - real(h);
  }

  public boolean isEmpty() {
    return len() == 0;
  }

  /** Owner only: the number of free slots (stealing in progress counts as used). */
  public int remaining() {
    long h = (long) HEAD.getAcquire(this);
    return buffer.length - (tail - steal(h));
  }

  /**
   * Owner only: appends {@code task}; when the queue is full, moves half of it plus {@code task}
   * to {@code overflow}.
   */
  public void push(T task, Overflow<T> overflow) {
    while (true) {
      long h = (long) HEAD.getAcquire(this);
      int steal = steal(h);
      int real = real(h);
      int t = tail;
      if (t - steal < buffer.length) {
        buffer[t & mask] = task;
        TAIL.setRelease(this, t + 1);
        return;
      }
      if (steal != real) {
        // A thief is copying tasks out and will free room soon; do not wait for it.
        overflow.pushBatch(new Object[] {task}, 1);
        return;
      }
      if (pushOverflow(task, real, t, overflow)) {
        return;
      }
      // A thief took tasks between our head read and the CAS: there is room now.
    }
  }

  private boolean pushOverflow(T task, int real, int t, Overflow<T> overflow) {
    int half = buffer.length / 2;
    long prev = pack(real, real);
    long next = pack(real + half, real + half);
    if (!HEAD.compareAndSet(this, prev, next)) {
      return false;
    }
    Object[] batch = new Object[half + 1];
    for (int i = 0; i < half; i++) {
      int idx = (real + i) & mask;
      batch[i] = buffer[idx];
      buffer[idx] = null;
    }
    batch[half] = task;
    overflow.pushBatch(batch, half + 1);
    return true;
  }

  /** Owner only: removes and returns the oldest task, or {@code null} when empty. */
  @SuppressWarnings("unchecked")
  public T pop() {
    long h = (long) HEAD.getAcquire(this);
    while (true) {
      int steal = steal(h);
      int real = real(h);
      if (real == tail) {
        return null;
      }
      int nextReal = real + 1;
      long next = steal == real ? pack(nextReal, nextReal) : pack(steal, nextReal);
      long witness = (long) HEAD.compareAndExchange(this, h, next);
      if (witness == h) {
        int idx = real & mask;
        Object task = buffer[idx];
        // Thieves only read slots they claimed, below real, so this slot is ours alone.
        buffer[idx] = null;
        return (T) task;
      }
      h = witness;
    }
  }

  /**
   * Thief: moves about half of this queue's tasks into {@code dst} (which must be owned by the
   * calling thread) and returns one of them to run now, or {@code null} if nothing was stolen.
   */
  @SuppressWarnings("unchecked")
  public T stealInto(LocalQueue<T> dst) {
    int dstTail = dst.tail;
    long dstHead = (long) HEAD.getAcquire(dst);
    if (dstTail - steal(dstHead) > dst.buffer.length / 2) {
      // Our own queue is more than half full: we have work and no room for a batch.
      return null;
    }
    int n = claim(dst, dstTail);
    if (n == 0) {
      return null;
    }
    n--;
    T ret = (T) dst.buffer[(dstTail + n) & dst.mask];
    dst.buffer[(dstTail + n) & dst.mask] = null;
    if (n > 0) {
      TAIL.setRelease(dst, dstTail + n);
    }
    return ret;
  }

  /** Claims, copies and releases up to half of this queue into {@code dst}; returns the count. */
  private int claim(LocalQueue<T> dst, int dstTail) {
    long prev = (long) HEAD.getAcquire(this);
    long next;
    int n;
    while (true) {
      int steal = steal(prev);
      int real = real(prev);
      if (steal != real) {
        return 0; // another thief is at work here
      }
      int srcTail = (int) TAIL.getAcquire(this);
      n = srcTail - real;
      n -= n / 2;
      if (n == 0) {
        return 0;
      }
      n = Math.min(n, dst.buffer.length / 2);
      next = pack(steal, real + n);
      long witness = (long) HEAD.compareAndExchange(this, prev, next);
      if (witness == prev) {
        break;
      }
      prev = witness;
    }
    int first = real(prev);
    for (int i = 0; i < n; i++) {
      dst.buffer[(dstTail + i) & dst.mask] = buffer[(first + i) & mask];
    }
    // Release the claimed slots: steal catches up with real (which the owner may have moved).
    prev = next;
    while (true) {
      int real = real(prev);
      long done = pack(real, real);
      long witness = (long) HEAD.compareAndExchange(this, prev, done);
      if (witness == prev) {
        return n;
      }
      prev = witness;
    }
  }

  /** Owner only: removes every task, passing each to {@code sink}. */
  public void drain(java.util.function.Consumer<T> sink) {
    T t;
    while ((t = pop()) != null) {
      sink.accept(t);
    }
  }

  private static int steal(long packed) {
    return (int) (packed >>> 32);
  }

  private static int real(long packed) {
    return (int) packed;
  }

  private static long pack(int steal, int real) {
    return ((long) steal << 32) | (real & 0xFFFF_FFFFL);
  }
}
