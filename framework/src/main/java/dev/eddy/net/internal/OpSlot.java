package dev.eddy.net.internal;

import dev.eddy.runtime.internal.Coop;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One kind of operation of a channel (its reads, its writes, its accepts or its connect), of
 * which at most one is in flight at a time, as with {@link
 * java.nio.channels.AsynchronousSocketChannel}: a second one fails with the exception that {@code
 * busyError} makes.
 *
 * <h2>Hand-off</h2>
 *
 * <p>An operation is held by exactly one party at a time, so two threads never run its system
 * call together: first the caller of {@link #start}, which tries it at once; then, if it would
 * block, nobody while it sits in {@code parked} with interest armed; then whoever takes it out with
 * {@code getAndSet(null)}: the channel's task when readiness wakes it ({@link #retry()}), {@link
 * #close} when the channel closes, or the future's own callback when the caller gave up on it
 * (cancelled, or timed out through the runtime's timer). The holder that finishes the operation
 * clears {@code busy} before completing the future, so a continuation may start the next one.
 *
 * <p>Thread-safety: every method from any thread.
 */
final class OpSlot {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OpSlot.class);

  private final ChannelDriver driver;
  private final int interestOp;
  private final java.util.function.Supplier<RuntimeException> busyError;
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicReference<Op<?>> parked = new AtomicReference<>();

  OpSlot(ChannelDriver driver, int interestOp,
      java.util.function.Supplier<RuntimeException> busyError) {
    this.driver = driver;
    this.interestOp = interestOp;
    this.busyError = busyError;
  }

  /**
   * Starts {@code op}: tries it at once on this thread when the task's cooperative budget allows
   * (else a moment later, as a task of its own), and waits for readiness if it would block.
   */
  <T> CompletableFuture<T> start(Op<T> op) {
    if (!busy.compareAndSet(false, true)) {
      op.future.completeExceptionally(busyError.get());
      return op.future;
    }
    op.future.whenComplete((v, e) -> {
      if (parked.compareAndSet(op, null)) {
        busy.set(false); // given up on while waiting for readiness
      }
    });
    if (Coop.consume()) {
      run(op);
    } else {
      Coop.defer(() -> run(op));
    }
    return op.future;
  }

  /** Retries the waiting operation, if any: the channel's task, after readiness. */
  void retry() {
    Op<?> op = parked.getAndSet(null);
    if (op != null) {
      run(op);
    }
  }

  /** Fails the waiting operation, if any, with {@code cause}: the channel was closed. */
  void close(IOException cause) {
    Op<?> op = parked.getAndSet(null);
    if (op != null) {
      busy.set(false);
      op.future.completeExceptionally(cause);
    }
  }

  /** Tries {@code op}, held by the caller. */
  private <T> void run(Op<T> op) {
    if (op.future.isDone()) {
      busy.set(false);
      return;
    }
    IOException closed = driver.closedError();
    if (closed != null) {
      busy.set(false);
      op.future.completeExceptionally(closed);
      return;
    }
    boolean finished;
    T result = null;
    try {
      finished = op.attempt();
      if (finished) {
        result = op.result();
      }
    } catch (IOException | RuntimeException e) {
      busy.set(false);
      Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
      // The stage carries the failure to its caller; this is the once-per-failure trace.
      log.debug("I/O operation on {} failed: {}", driver, cause.toString());
      op.future.completeExceptionally(cause);
      return;
    } catch (Error e) {
      // Even an Error (a StackOverflowError in a callback, say) must not wedge the slot: free it
      // and let the stage carry the Error to whoever waits for the operation.
      busy.set(false);
      log.warn("I/O operation on {} threw an Error; failing the operation", driver, e);
      op.future.completeExceptionally(e);
      return;
    }
    if (finished) {
      busy.set(false);
      op.future.complete(result);
      return;
    }
    parked.set(op);
    // Re-check after publishing: a close or a cancel that ran before the set found nothing to
    // take, so whichever of us now takes the operation back finishes it.
    if ((op.future.isDone() || driver.closedError() != null) && parked.compareAndSet(op, null)) {
      busy.set(false);
      IOException late = driver.closedError();
      op.future.completeExceptionally(late != null ? late : new IOException("abandoned"));
      return;
    }
    driver.registration().interest(op.interest != 0 ? op.interest : interestOp);
  }
}
