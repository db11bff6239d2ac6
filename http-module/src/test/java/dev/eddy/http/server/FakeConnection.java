package dev.eddy.http.server;

import dev.eddy.net.Connection;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link Connection} for unit tests of {@link HttpConnection}: a peer that never reads, so every
 * written byte stays queued until the test {@link #drain drains} it. Above {@code highWater}
 * queued bytes it is not writable. Actions sent with {@link #execute} wait until the test runs
 * them on its own thread ({@link #runPending}), so everything happens on the test thread.
 */
final class FakeConnection implements Connection {

  /** Bytes of written output kept for {@link #output()}; the rest is only counted. */
  private static final int KEPT = 1 << 20;

  private final int highWater;
  private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  /** The arrays of the heap buffers written, in order: tells a copy from a direct hand-over. */
  final List<byte[]> writtenArrays = new ArrayList<>();
  private long queued;
  private long written;
  private long maxQueued;
  private boolean open = true;
  private boolean reading = true;
  private Object attachment;

  FakeConnection(int highWater) {
    this.highWater = highWater;
  }

  @Override
  public synchronized boolean write(ByteBuffer src) {
    int n = src.remaining();
    if (!open) {
      src.position(src.limit());
      return false;
    }
    if (src.hasArray()) {
      writtenArrays.add(src.array());
    }
    int keep = (int) Math.min(n, Math.max(0, KEPT - kept.size()));
    byte[] copy = new byte[keep];
    src.duplicate().get(copy);
    kept.write(copy, 0, keep);
    src.position(src.limit());
    queued += n;
    written += n;
    maxQueued = Math.max(maxQueued, queued);
    return isWritable();
  }

  @Override
  public synchronized boolean isWritable() {
    return open && queued < highWater;
  }

  @Override
  public synchronized long queuedBytes() {
    return queued;
  }

  /** The peer reads {@code n} bytes (at most what is queued). */
  synchronized void drain(long n) {
    queued -= Math.min(n, queued);
  }

  synchronized long written() {
    return written;
  }

  synchronized long maxQueued() {
    return maxQueued;
  }

  /** The first {@value #KEPT} bytes written, as ISO-8859-1 text. */
  synchronized String output() {
    return kept.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public synchronized void close() {
    open = false;
  }

  @Override
  public synchronized void abort() {
    open = false;
  }

  synchronized boolean isReading() {
    return reading;
  }

  @Override
  public synchronized void pauseReading() {
    reading = false;
  }

  @Override
  public synchronized void resumeReading() {
    reading = true;
  }

  @Override
  public void execute(Runnable action) {
    pending.add(action);
  }

  /** Runs the actions sent with {@link #execute} so far, and those they send. */
  void runPending() {
    for (Runnable r; (r = pending.poll()) != null; ) {
      r.run();
    }
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public InetSocketAddress localAddress() {
    return new InetSocketAddress("127.0.0.1", 8080);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }

  @Override
  public void attach(Object attachment) {
    this.attachment = attachment;
  }

  @Override
  public Object attachment() {
    return attachment;
  }
}
