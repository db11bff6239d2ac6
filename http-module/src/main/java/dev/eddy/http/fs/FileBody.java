package dev.eddy.http.fs;

import dev.eddy.http.Body;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A region of a file as a response {@link Body}, read in chunks of {@link #CHUNK} bytes off the
 * workers ({@link Offload}) as the server asks for them, so a big file neither sits in memory nor
 * blocks a worker, and a slow client slows the reading (the server reads the next chunk only when
 * the connection can take it).
 *
 * <p>The file is opened on the first read, so a body that is never read (HEAD, 304) costs no file
 * handle, and closed at the end, on a failure, or on {@link #cancel()}. If the file shrinks while
 * being sent the body ends early; the server then sees fewer bytes than the {@code
 * Content-Length} it announced and aborts the connection, so the client notices.
 *
 * <p>Thread-safety: one read at a time (the {@link Body} contract); successive reads may run on
 * different blocking threads, ordered by the completion of the previous read. {@link #cancel()}
 * may come from any thread, also while a read is running.
 */
final class FileBody implements Body {

  /**
   * Bytes per read: large enough that the per-read hop to the blocking pool is negligible next to
   * the copy, small enough that a connection holds little memory. Not a setting: it changes speed
   * a little, never behaviour.
   */
  static final int CHUNK = 64 * 1024;

  private static final CompletionStage<Optional<ByteBuffer>> END =
      CompletableFuture.completedStage(Optional.empty());

  private final Path file;
  private final long start;
  private final long length;
  /** Bytes already read; written by the reading thread, read by the next one. */
  private volatile long done;
  /** Guarded by {@code this}. */
  private FileChannel channel;
  /** Guarded by {@code this}. */
  private boolean cancelled;

  /** The {@code length} bytes of {@code file} from offset {@code start}. */
  FileBody(Path file, long start, long length) {
    this.file = file;
    this.start = start;
    this.length = length;
  }

  @Override
  public CompletionStage<Optional<ByteBuffer>> read() {
    if (done >= length) {
      close();
      return END;
    }
    return Offload.call(this::readChunk);
  }

  private Optional<ByteBuffer> readChunk() throws IOException {
    FileChannel ch = open();
    long at = done;
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, length - at));
    try {
      while (chunk.hasRemaining()) {
        if (ch.read(chunk, start + at + chunk.position()) < 0) {
          break; // the file shrank: end early (see the type's documentation)
        }
      }
    } catch (IOException e) {
      close();
      throw e;
    }
    if (chunk.position() == 0) {
      close();
      return Optional.empty();
    }
    done = at + chunk.position();
    if (done >= length) {
      close();
    }
    return Optional.of(chunk.flip());
  }

  private synchronized FileChannel open() throws IOException {
    if (cancelled) {
      throw new IOException("the body of " + file + " was cancelled");
    }
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    return channel;
  }

  @Override
  public long length() {
    return length;
  }

  /** Closes the file; a read running now fails, later ones too. */
  @Override
  public synchronized void cancel() {
    cancelled = true;
    close();
  }

  private synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a file opened for reading loses nothing
      }
      channel = null;
    }
  }

  @Override
  public String toString() {
    return "FileBody[" + file + ", " + start + "+" + length + "]";
  }
}
