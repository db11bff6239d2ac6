package dev.eddy.http.client.internal;

import dev.eddy.http.Body;
import dev.eddy.runtime.Runtime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A request body read from a file piece by piece on the runtime's blocking pool (file reads
 * block), so a large upload never sits in memory. Its length is the file's size when created.
 * The file is opened on the first read and closed at the end, when a read fails, or on {@link
 * #cancel()}. Threads: one read at a time (the {@link Body} contract).
 */
public final class PathBody implements Body {

  private final Runtime runtime;
  private final Path path;
  private final long length;
  private final int pieceSize;
  private FileChannel channel;
  private long position;

  /**
   * @throws UncheckedIOException if the file's size cannot be read
   */
  public PathBody(Runtime runtime, Path path, int pieceSize) {
    this.runtime = runtime;
    this.path = path;
    this.pieceSize = pieceSize;
    try {
      this.length = Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send file " + path + ": " + e.getMessage(), e);
    }
  }

  /** The size of {@code path}, for a request's Content-Length. */
  public long length() {
    return length;
  }

  @Override
  public CompletionStage<Optional<ByteBuffer>> read() {
    if (position >= length) {
      close();
      return CompletableFuture.completedStage(Optional.empty());
    }
    return runtime.spawnBlocking(() -> {
      try {
        return Optional.of(readPiece());
      } catch (IOException e) {
        close(); // the body is over: let go of the file now, not when the sender cancels
        throw e;
      }
    });
  }

  private ByteBuffer readPiece() throws IOException {
    if (channel == null) {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    }
    ByteBuffer piece = ByteBuffer.allocate((int) Math.min(pieceSize, length - position));
    while (piece.hasRemaining()) {
      if (channel.read(piece, position + piece.position()) < 0) {
        throw new IOException("file " + path + " shrank while being sent: "
            + (position + piece.position()) + " of " + length + " bytes");
      }
    }
    position += piece.position();
    return piece.flip();
  }

  @Override
  public void cancel() {
    close();
  }

  private void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing a read-only file: nothing was lost
      }
      channel = null;
    }
  }
}
