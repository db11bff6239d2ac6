package dev.eddy.http.server;

import java.nio.ByteBuffer;

/**
 * The input buffers of {@link HttpConnection}: a per-worker heap scratch buffer for parsing what
 * one read delivered, and heap copies for input kept while parsing is paused. Task only (each
 * call uses the calling worker's scratch buffer).
 */
final class InputBuffers {

  /**
   * A scratch heap buffer per worker thread. The parser scans arrays; the TCP layer reads into
   * direct buffers (no hidden copy in the socket read), so one copy per read into this buffer
   * lets every request of a pipelined batch be parsed in place. Body slices point into it, valid
   * for the current call only, as the parser's contract already says.
   */
  private static final ThreadLocal<ByteBuffer[]> SCRATCH = ThreadLocal.withInitial(
      () -> new ByteBuffer[1]);

  private InputBuffers() {}

  /** {@code data} itself if it has an array, else its bytes in this worker's scratch buffer. */
  static ByteBuffer onHeap(ByteBuffer data) {
    if (data.hasArray()) {
      return data;
    }
    ByteBuffer[] holder = SCRATCH.get();
    ByteBuffer scratch = holder[0];
    if (scratch == null || scratch.capacity() < data.remaining()) {
      scratch = ByteBuffer.allocate(Math.max(data.remaining(), 16 * 1024));
      holder[0] = scratch;
    }
    scratch.clear();
    scratch.put(data).flip();
    return scratch;
  }

  /** A heap copy of what remains in {@code data} (consumed), to keep past the current call. */
  static ByteBuffer copy(ByteBuffer data) {
    ByteBuffer c = ByteBuffer.allocate(Math.max(data.remaining(), 256));
    c.put(data).flip();
    return c;
  }

  /** {@code kept} with {@code data} (consumed) after it: in place if it fits, else grown. */
  static ByteBuffer append(ByteBuffer kept, ByteBuffer data) {
    if (kept.capacity() - kept.limit() >= data.remaining()) {
      int pos = kept.position();
      kept.position(kept.limit()).limit(kept.capacity());
      kept.put(data);
      kept.flip().position(pos);
      return kept;
    }
    ByteBuffer grown = ByteBuffer.allocate((kept.remaining() + data.remaining()) * 2);
    grown.put(kept).put(data).flip();
    return grown;
  }
}
