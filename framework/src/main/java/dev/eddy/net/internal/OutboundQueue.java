package dev.eddy.net.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/**
 * The bytes a connection has written that its socket has not taken yet: a FIFO of buffers, each
 * holding pending bytes between its position and its limit. Copies go into pooled buffers, filling
 * the last one before taking another, so many small writes cost a few buffers, not one each.
 *
 * <p>Not thread-safe: owned by the connection's task.
 */
final class OutboundQueue {

  private final BufferPool pool;
  private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();

  OutboundQueue(BufferPool pool) {
    this.pool = pool;
  }

  boolean isEmpty() {
    return buffers.isEmpty();
  }

  /** Appends {@code b} itself (its pending bytes); the queue now owns it. */
  void add(ByteBuffer b) {
    buffers.addLast(b);
  }

  /** Copies the remaining bytes of {@code src} to the end of the queue; consumes {@code src}. */
  void copy(ByteBuffer src) {
    ByteBuffer tail = buffers.peekLast();
    if (tail != null && tail.capacity() == pool.bufferSize() && tail.limit() < tail.capacity()) {
      append(tail, src);
    }
    while (src.hasRemaining()) {
      ByteBuffer b = pool.acquire();
      b.limit(0);
      append(b, src);
      buffers.addLast(b);
    }
  }

  /** Copies what fits of {@code src} after the pending bytes of {@code b}. */
  private static void append(ByteBuffer b, ByteBuffer src) {
    int pos = b.position();
    b.position(b.limit()).limit(b.capacity());
    int n = Math.min(b.remaining(), src.remaining());
    b.put(b.position(), src, src.position(), n);
    b.position(b.position() + n);
    src.position(src.position() + n);
    b.limit(b.position()).position(pos);
  }

  /**
   * Writes pending bytes to {@code channel} until it takes no more or the queue is empty; written
   * buffers go back to the pool.
   *
   * @return the number of bytes written
   */
  long writeTo(WritableByteChannel channel) throws IOException {
    long total = 0;
    ByteBuffer b;
    while ((b = buffers.peekFirst()) != null) {
      total += channel.write(b);
      if (b.hasRemaining()) {
        break;
      }
      buffers.pollFirst();
      pool.release(b);
    }
    return total;
  }

  /** Drops every pending byte, giving the buffers back. */
  void clear() {
    ByteBuffer b;
    while ((b = buffers.pollFirst()) != null) {
      pool.release(b);
    }
  }
}
