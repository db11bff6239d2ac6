package dev.eddy.net.internal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * One pending I/O operation (a read, a write, an accept, a connect): a non-blocking attempt that
 * may be repeated until it finishes, and the future it completes.
 *
 * <p>Thread rules: {@link #attempt()} is called by one thread at a time, the current holder in
 * {@link OpSlot}'s hand-off, each call happening-after the previous one; the future may be
 * completed or cancelled by anyone.
 *
 * @param <T> the result
 */
public abstract class Op<T> {

  final CompletableFuture<T> future = new CompletableFuture<>();
  /** The readiness to wait for, or 0 for the slot's own (read or write). */
  final int interest;

  /** An operation that waits for its slot's readiness. */
  protected Op() {
    this(0);
  }

  /** An operation that waits for {@code interest} (e.g. {@code OP_CONNECT}). */
  protected Op(int interest) {
    this.interest = interest;
  }

  /**
   * Tries the non-blocking system call(s) once.
   *
   * @return {@code true} when the operation has finished and {@link #result()} is ready;
   *     {@code false} when it would block
   * @throws IOException when the operation failed; it is finished
   */
  protected abstract boolean attempt() throws IOException;

  /** The result, once {@link #attempt()} returned {@code true}. */
  protected abstract T result();
}
