package dev.eddy.runtime.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime's global run queue: tasks spawned or woken from outside the workers, and the
 * overflow of full local queues. Many producers, many consumers (every worker).
 *
 * <p>As in Tokio ({@code inject.rs}), a lock guards an unbounded FIFO and a separate volatile
 * length lets workers skip the lock when the queue is empty, which is the common case in a
 * runtime busy with its own local work. Consumers take batches ({@link #popBatch}) so the lock is
 * taken once per batch, not once per task.
 *
 * <p>Thread-safety: every method may be called from any thread. A task pushed happens-before it
 * is popped. FIFO in the order pushes acquired the lock.
 */
public final class InjectQueue<T> implements LocalQueue.Overflow<T> {

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Object> items = new ArrayDeque<>();
  /** Mirrors {@code items.size()}; written under the lock, read without it. */
  private volatile int len;

  public void push(T task) {
    lock.lock();
    try {
      items.addLast(task);
      len = items.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void pushBatch(Object[] batch, int count) {
    lock.lock();
    try {
      for (int i = 0; i < count; i++) {
        items.addLast(batch[i]);
      }
      len = items.size();
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns the oldest task, or {@code null} when empty. */
  @SuppressWarnings("unchecked")
  public T pop() {
    if (len == 0) {
      return null;
    }
    lock.lock();
    try {
      Object t = items.pollFirst();
      len = items.size();
      return (T) t;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes up to {@code max} of the oldest tasks into {@code out[0..)} in FIFO order.
   *
   * @return how many were removed
   */
  public int popBatch(Object[] out, int max) {
    if (len == 0) {
      return 0;
    }
    lock.lock();
    try {
      int n = Math.min(Math.min(max, out.length), items.size());
      for (int i = 0; i < n; i++) {
        out[i] = items.pollFirst();
      }
      len = items.size();
      return n;
    } finally {
      lock.unlock();
    }
  }

  public int len() {
    return len;
  }

  public boolean isEmpty() {
    return len == 0;
  }
}
