package dev.eddy.net.internal;

import dev.eddy.reactor.internal.Reactor;
import dev.eddy.reactor.internal.Registration;
import dev.eddy.reactor.internal.SelectorParker;
import dev.eddy.runtime.Runtime;
import dev.eddy.runtime.Task;
import dev.eddy.runtime.TaskContext;
import dev.eddy.runtime.TaskHandle;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task that owns one channel for the pull-style API: it holds the channel's {@link
 * Registration} with a worker's selector and the operations waiting for readiness, and retries
 * them when the selector wakes it. Tokio's {@code PollEvented} plus the task that awaits it.
 *
 * <p>The task is registered with the runtime ({@link Runtime#register}) and is alive while the
 * channel is open: a graceful shutdown waits for open channels like for any task, and the abort
 * at its deadline closes them (see the constructor).
 *
 * <p>Who completes what: an operation that can finish at once completes on the thread that
 * started it; one that would block completes when the selector reports readiness, on the worker
 * that polls this task (the worker whose selector saw it, unless another worker stole the task).
 *
 * <p>Thread-safety: every method from any thread.
 */
public final class ChannelDriver implements Task {

  private static final Logger log = LoggerFactory.getLogger(ChannelDriver.class);

  private final SelectableChannel channel;
  private final SelectorParker parker;
  private final Registration registration;
  private final TaskHandle handle;
  private final OpSlot reads;
  private final OpSlot writes;
  /** Why the channel was closed; {@code null} while open. */
  private final AtomicReference<String> closed = new AtomicReference<>();

  /**
   * Takes ownership of {@code channel} (non-blocking), registered with {@code parker}'s selector.
   *
   * @param readOp {@link SelectionKey#OP_READ}, or {@code OP_ACCEPT} for a listener
   */
  public ChannelDriver(Runtime runtime, SelectorParker parker, SelectableChannel channel,
      int readOp, Supplier<RuntimeException> readBusy, Supplier<RuntimeException> writeBusy) {
    this.channel = channel;
    this.parker = parker;
    this.handle = runtime.register(this);
    this.registration = new Registration(parker, channel, handle);
    this.reads = new OpSlot(this, readOp, readBusy);
    this.writes = new OpSlot(this, SelectionKey.OP_WRITE, writeBusy);
    // Aborted at the runtime's shutdown deadline, or refused because the runtime is stopping.
    handle.whenComplete((v, e) -> close("the runtime shut down"));
  }

  /** Starts a read-side operation (read, accept). */
  public <T> java.util.concurrent.CompletableFuture<T> read(Op<T> op) {
    return reads.start(op);
  }

  /** Starts a write-side operation. */
  public <T> java.util.concurrent.CompletableFuture<T> write(Op<T> op) {
    return writes.start(op);
  }

  /** Starts the connect; it waits for {@code OP_CONNECT} and occupies the write side. */
  public <T> java.util.concurrent.CompletableFuture<T> connect(Op<T> op) {
    return writes.start(op);
  }

  @Override
  public boolean poll(TaskContext cx) {
    if (closed.get() != null) {
      return true; // finished: the pending operations were failed by close
    }
    reads.retry();
    writes.retry();
    return closed.get() != null;
  }

  /**
   * Closes the channel once: cancels its key, fails the waiting operations with an {@link
   * AsynchronousCloseException}-like {@link IOException} naming {@code reason}, and lets the task
   * finish. Idempotent, any thread, never throws.
   */
  public void close(String reason) {
    if (!closed.compareAndSet(null, reason)) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Closing {} failed", channel, e);
    }
    registration.cancel();
    IOException cause = closedError();
    reads.close(cause);
    writes.close(cause);
    handle.wake();
  }

  /** Whether {@link #close} has run. */
  public boolean isClosed() {
    return closed.get() != null;
  }

  /** The error for an operation on the closed channel; {@code null} while open. */
  IOException closedError() {
    String reason = closed.get();
    if (reason == null) {
      return null;
    }
    IOException e = new IOException(channelName() + " is closed: " + reason);
    e.initCause(new AsynchronousCloseException());
    return e;
  }

  Registration registration() {
    return registration;
  }

  /** The I/O driver this channel is registered with; new channels it accepts go there too. */
  public Reactor reactor() {
    return parker.reactor();
  }

  @Override
  public String toString() {
    return channelName() + " " + channel;
  }

  private String channelName() {
    return channel instanceof java.nio.channels.ServerSocketChannel ? "listener" : "stream";
  }
}
