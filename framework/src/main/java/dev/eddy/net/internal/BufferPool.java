package dev.eddy.net.internal;

import dev.eddy.reactor.internal.Reactor;
import dev.eddy.reactor.internal.SelectorParker;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Reusable direct buffers of one size, kept per worker: a read borrows one for the time of a
 * handler call, an outbound queue holds them while the socket is full. Direct, because the JDK
 * copies a heap buffer into a temporary direct one on every socket read or write.
 *
 * <p>Each worker has its own free list, touched only by that worker's thread, so acquiring and
 * releasing take no lock and no atomic. A buffer may be released on another worker than the one
 * that acquired it (a connection task can be stolen); it then joins that worker's list. Off the
 * workers nothing is pooled: {@link #acquire()} allocates and {@link #release} drops.
 *
 * <p>Thread-safety: any thread, by the rule above.
 */
public final class BufferPool {

  private final Reactor reactor;
  private final int bufferSize;
  private final int perWorker;
  private final ArrayDeque<ByteBuffer>[] free;

  /** A pool of {@code bufferSize}-byte buffers keeping up to {@code perWorker} per worker. */
  @SuppressWarnings("unchecked")
  public BufferPool(Reactor reactor, int bufferSize, int perWorker) {
    this.reactor = reactor;
    this.bufferSize = bufferSize;
    this.perWorker = perWorker;
    this.free = new ArrayDeque[reactor.size()];
    for (int i = 0; i < free.length; i++) {
      free[i] = new ArrayDeque<>();
    }
  }

  /** A cleared buffer of {@link #bufferSize()} bytes, to be given back with {@link #release}. */
  public ByteBuffer acquire() {
    ArrayDeque<ByteBuffer> mine = mine();
    ByteBuffer b = mine == null ? null : mine.pollLast();
    if (b == null) {
      return mine == null ? ByteBuffer.allocate(bufferSize) : ByteBuffer.allocateDirect(bufferSize);
    }
    b.clear();
    return b;
  }

  /** Gives {@code b} back; a buffer that did not come from {@link #acquire()} is dropped. */
  public void release(ByteBuffer b) {
    ArrayDeque<ByteBuffer> mine = mine();
    if (mine != null && b.isDirect() && b.capacity() == bufferSize && mine.size() < perWorker) {
      mine.addLast(b);
    }
  }

  /** The size of every buffer this pool hands out. */
  public int bufferSize() {
    return bufferSize;
  }

  private ArrayDeque<ByteBuffer> mine() {
    SelectorParker p = Reactor.current();
    return p != null && p.reactor() == reactor ? free[p.index()] : null;
  }
}
