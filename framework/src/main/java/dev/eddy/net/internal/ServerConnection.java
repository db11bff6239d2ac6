package dev.eddy.net.internal;

import dev.eddy.net.Connection;
import dev.eddy.net.ConnectionHandler;
import dev.eddy.reactor.internal.Registration;
import dev.eddy.reactor.internal.SelectorParker;
import dev.eddy.runtime.Task;
import dev.eddy.runtime.TaskContext;
import dev.eddy.runtime.TaskHandle;
import dev.eddy.time.Cancellable;
import dev.eddy.time.TimeoutExceededException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection of a push-style server: the task that owns its socket. When woken (by
 * readiness, a write from another thread, a close, the idle timer) it takes in writes handed over
 * from other threads, flushes the outbound queue, reads while the queue is below the high-water
 * mark and feeds the handler, and re-arms interest only for what would block.
 *
 * <h2>Threads</h2>
 *
 * <p>The runtime polls the task on one thread at a time, so everything marked "task only" is
 * plain state: the outbound queue, the read pause, the pending failure. {@link #poller} names the
 * thread inside {@link #poll} right now; a {@link #write} on that thread (from the handler) uses
 * the socket directly, any other thread copies into {@link #inbox} and wakes the task. {@link
 * #state} and {@link #queued} are shared.
 *
 * <h2>Ordering of close</h2>
 *
 * <p>{@code OPEN -> CLOSING} (close(): flush, maybe linger, then finish) or {@code -> ABORTING}
 * (abort(): finish at once), {@code -> CLOSED} in {@link #finish}, which runs exactly once
 * ({@link #FINISHED} CAS): on the task, or on the shutdown thread if the runtime aborts the task
 * after its workers stopped. The peer's end of stream does not close: it sets {@link #inputShut}
 * and tells the handler ({@code onInputShutdown}, whose default closes), which may go on writing.
 *
 * <h2>Deadlines</h2>
 *
 * <p>Nothing a peer does keeps a connection for ever: while bytes are queued, the queue must
 * shrink within {@code write-timeout}; a {@code CLOSING} connection must finish within {@code
 * close-timeout} of the close, else it is aborted. In
 * {@code CLOSING} the task keeps reading and drops what it reads, so it sees the peer's FIN or
 * RST; if the peer was still sending, it shuts down its output once everything is sent and
 * lingers (reads and drops) until the peer's end of stream, {@code linger-timeout} or {@code
 * linger-max-bytes}, so that the peer reads the last reply instead of a reset. {@link
 * ConnectionDeadlines} keeps the times and wakes the task at the earliest.
 */
public final class ServerConnection implements Task, Connection {

  private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

  private static final int OPEN = 0;
  private static final int CLOSING = 1;
  private static final int ABORTING = 2;
  private static final int CLOSED = 3;
  /** Reads per poll at most, as Netty's {@code maxMessagesPerRead}: then other tasks run. */
  private static final int MAX_READS_PER_POLL = 16;

  private static final VarHandle STATE;
  private static final VarHandle QUEUED;
  private static final VarHandle FINISHED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(ServerConnection.class, "state", int.class);
      QUEUED = l.findVarHandle(ServerConnection.class, "queued", long.class);
      FINISHED = l.findVarHandle(ServerConnection.class, "finished", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ServerCore server;
  private final ConnectionHandler handler;
  private final SocketChannel channel;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final TaskHandle handle;
  private final Registration registration;
  /**
   * Writes (copied {@link ByteBuffer}s) and {@link #execute} actions ({@link Runnable}s) from
   * threads other than the poller, in call order; drained by the task.
   */
  private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();

  private volatile int state = OPEN;
  /** Bytes written and not yet handed to the socket, including those in {@link #inbox}. */
  private volatile long queued;
  private volatile boolean finished;
  private volatile Thread poller;
  private volatile Object attachment;
  /** Set by the idle timer; the task checks the idle time when it sees it. */
  private volatile boolean idleCheckDue;
  /** {@link #pauseReading()}: the handler's own pause. */
  private volatile boolean userPaused;
  /** Someone was told the connection is not writable and waits for {@code onWritable}. */
  private volatile boolean toldNotWritable;
  /** Why the connection is aborted, when a write or an execute from another thread aborted it. */
  private volatile Throwable abortCause;
  /** {@link #execute} actions in {@link #inbox} not run yet. */
  private final java.util.concurrent.atomic.AtomicInteger pendingActions =
      new java.util.concurrent.atomic.AtomicInteger();

  // ---- task only ----
  private final OutboundQueue outbound;
  private boolean opened;
  private boolean readPaused;
  /**
   * Whether OP_READ is in the interest set. Reads are level-triggered ({@link
   * Registration#keep}): armed once, they stay armed while the task reads, and are disarmed only
   * while it does not (paused, closing), so an echo costs no interest change per message.
   */
  private boolean readArmed;
  /** A write on the task failed; the next step of the poll finishes the connection with it. */
  private IOException writeFailure;
  private long lastActivity;
  private Cancellable idleTimer;
  /** The peer's end of stream was read: no more reads. */
  private boolean inputShut;
  /** Bytes read and dropped since the close. */
  private long discarded;
  /**
   * The handler closed the connection while it handled input: the peer was sending, so more may
   * be on its way (an upload answered early with a 413), and the close lingers even if nothing
   * has arrived since. Task only.
   */
  private boolean closedOnInput;
  private final ConnectionDeadlines deadlines;

  ServerConnection(ServerCore server, SocketChannel channel, SelectorParker parker)
      throws IOException {
    this.server = server;
    this.handler = server.handler();
    this.channel = channel;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.outbound = new OutboundQueue(server.pool());
    this.handle = server.runtime().register(this);
    this.registration = new Registration(parker, channel, handle);
    registration.keep(SelectionKey.OP_READ);
    this.deadlines = new ConnectionDeadlines(server, handle, remote);
    // Aborted by the runtime at its shutdown deadline (its workers have stopped by then).
    handle.whenComplete((v, e) -> finish(new IOException("the runtime shut down")));
  }

  /** Schedules the first poll, which calls {@code onOpen}. */
  void start() {
    handle.wake();
  }

  // ---- the task ------------------------------------------------------------------------------

  @Override
  public boolean poll(TaskContext cx) {
    if (finished) {
      return true;
    }
    poller = Thread.currentThread();
    registration.polled(); // re-arms reads suspended while this poll was pending (review D13)
    try {
      return step(cx);
    } catch (IOException e) {
      finish(e);
      return true;
    } catch (RuntimeException | Error e) {
      log.warn("Handler of connection {} threw; aborting the connection", this, e);
      finish(e);
      return true;
    } finally {
      poller = null;
    }
  }

  private boolean step(TaskContext cx) throws IOException {
    if (!opened) {
      opened = true;
      touch();
      startIdleTimer(server.config().idleTimeout().toNanos());
      handler.onOpen(this);
    }
    takeInbox();
    if (state == ABORTING) {
      finish(abortCause);
      return true;
    }
    flush();
    if (deadlines.isDue()) {
      TimeoutExceededException overdue = deadlines.overdue(queued);
      if (overdue != null) {
        finish(overdue);
        return true;
      }
    }
    if (state == CLOSING) {
      return closing(cx);
    }
    boolean more = false;
    if (state == OPEN && !inputShut && !readPaused && !userPaused) {
      more = read(cx);
    }
    if (state == ABORTING) { // the handler aborted: nothing more goes out (not even a flush)
      finish(abortCause);
      return true;
    }
    flush();
    if (state == CLOSING) {
      return closing(cx);
    }
    if (idleCheckDue && idleExpired()) {
      return true;
    }
    long q = queued;
    if (q > server.config().maxQueuedBytes()) {
      throw tooMuchQueued(q);
    }
    if (q > server.config().highWaterMark()) {
      readPaused = true;
    } else if ((readPaused || toldNotWritable) && q <= server.config().lowWaterMark()) {
      readPaused = false;
      toldNotWritable = false;
      handler.onWritable(this);
      cx.waker().wake(); // read again, and flush what onWritable wrote, in the next poll
      return false;
    }
    if (more) {
      cx.waker().wake(); // the budget ran out with bytes left to read: yield, then go on
    }
    armInterest(state == OPEN && !inputShut && !readPaused && !userPaused);
    return false;
  }

  /** Arms OP_READ if {@code wantRead} (else disarms it), OP_WRITE if bytes wait, the deadlines. */
  private void armInterest(boolean wantRead) {
    if (wantRead != readArmed) {
      readArmed = wantRead;
      if (wantRead) {
        registration.interest(SelectionKey.OP_READ);
      } else {
        registration.disarm(SelectionKey.OP_READ);
      }
    }
    if (!outbound.isEmpty()) {
      registration.interest(SelectionKey.OP_WRITE);
      deadlines.armWrite();
    }
  }

  /**
   * A step of a {@code CLOSING} connection: reads and drops what the peer still sends, finishes
   * once everything is sent and either the peer has ended its stream or it was not sending (it
   * sent nothing since the close, and the close did not come from handling its input); else
   * shuts down the output and lingers.
   */
  private boolean closing(TaskContext cx) throws IOException {
    long now = server.clock().nanoTime();
    deadlines.closing(now);
    boolean more = !inputShut && discard(cx);
    if (outbound.isEmpty()) {
      boolean lingering = deadlines.isLingering();
      if (inputShut || server.config().lingerTimeout().isZero()
          || (!lingering && discarded == 0 && !closedOnInput)) {
        finish(null);
        return true;
      }
      if (!lingering) {
        channel.shutdownOutput(); // the peer sees our FIN after the last reply, not a reset
        deadlines.startLinger(now);
      } else if (deadlines.lingerOver(now) || discarded > server.config().lingerMaxBytes()) {
        finish(null);
        return true;
      }
    }
    if (more) {
      cx.waker().wake();
    }
    armInterest(!inputShut);
    return false;
  }

  /**
   * Reads and drops what the peer sends after the close; notes its end of stream.
   *
   * @return whether bytes may be left to read (the loop stopped for the budget)
   */
  private boolean discard(TaskContext cx) throws IOException {
    BufferPool pool = server.pool();
    ByteBuffer buf = pool.acquire();
    try {
      for (int i = 0; i < MAX_READS_PER_POLL; i++) {
        buf.clear();
        int n = channel.read(buf);
        if (n < 0) {
          inputShut = true;
          return false;
        }
        discarded += n;
        if (n < buf.capacity() || !cx.consumeBudget()) {
          return n == buf.capacity();
        }
      }
      return true;
    } finally {
      pool.release(buf);
    }
  }

  private IOException tooMuchQueued(long q) {
    return new IOException("connection " + remote + ": " + q + " bytes queued for a peer that "
        + "does not read, more than max-queued-bytes (" + server.config().maxQueuedBytes()
        + "); aborted");
  }

  /**
   * Reads and feeds the handler until the socket has nothing more, the queue passes the high mark,
   * the connection closes or the poll's share runs out.
   *
   * @return whether bytes may be left to read (the loop stopped for the budget)
   */
  private boolean read(TaskContext cx) throws IOException {
    BufferPool pool = server.pool();
    for (int i = 0; i < MAX_READS_PER_POLL; i++) {
      ByteBuffer buf = pool.acquire();
      int n;
      try {
        n = channel.read(buf);
        if (n > 0) {
          touch();
          buf.flip();
          handler.onData(this, buf);
          if (state != OPEN) {
            closedOnInput = true; // closed while the peer was sending: it may send more
          }
        }
      } finally {
        pool.release(buf);
      }
      if (writeFailure != null) {
        throw writeFailure;
      }
      if (n < 0) {
        inputShut = true; // end of stream: the handler says what happens (by default, close)
        handler.onInputShutdown(this);
        if (writeFailure != null) {
          throw writeFailure;
        }
        return false;
      }
      // A short read means the socket is drained (as Netty assumes); if more came meanwhile, the
      // level-triggered selector reports it again.
      if (n < pool.bufferSize() || state != OPEN || userPaused
          || queued > server.config().highWaterMark()) {
        return false;
      }
      if (!cx.consumeBudget()) {
        return true;
      }
    }
    return true;
  }

  /** Hands queued bytes to the socket until it is full. */
  private void flush() throws IOException {
    if (writeFailure != null) {
      throw writeFailure;
    }
    if (!outbound.isEmpty()) {
      long n = outbound.writeTo(channel);
      if (n > 0) {
        QUEUED.getAndAdd(this, -n);
        touch();
      }
      deadlines.flushed(n, !outbound.isEmpty());
    } else {
      deadlines.flushed(0, false);
    }
  }

  private void takeInbox() {
    Object item;
    while ((item = inbox.poll()) != null) {
      if (item instanceof ByteBuffer b) {
        outbound.add(b); // counted in queued when it was put in the inbox
      } else {
        pendingActions.decrementAndGet();
        ((Runnable) item).run();
        if (writeFailure != null) {
          return; // the step after this finishes the connection
        }
      }
    }
  }

  // ---- Connection ----------------------------------------------------------------------------

  @Override
  public boolean write(ByteBuffer src) {
    int n = src.remaining();
    if (state != OPEN) {
      src.position(src.limit());
      log.debug("Dropped {} bytes written to connection {} after it was closed", n, this);
      return false;
    }
    if (n == 0) {
      return isWritable();
    }
    // On the task, a direct write only while nothing written earlier waits in the inbox (a
    // write from this thread before it hosted the task, say): bytes keep their order.
    if (poller == Thread.currentThread() && inbox.isEmpty()) {
      writeOnTask(src);
    } else {
      long q = (long) QUEUED.getAndAdd(this, (long) n) + n;
      if (q > server.config().maxQueuedBytes()) {
        QUEUED.getAndAdd(this, (long) -n);
        src.position(src.limit());
        abort(tooMuchQueued(q));
        return false;
      }
      inbox.add(ByteBuffer.allocate(n).put(src).flip());
      handle.wake();
    }
    return isWritable();
  }

  private void writeOnTask(ByteBuffer src) {
    if (writeFailure != null) {
      src.position(src.limit());
      return;
    }
    if (outbound.isEmpty()) {
      try {
        channel.write(src);
        touch();
      } catch (IOException e) {
        writeFailure = e; // the poll finishes the connection with it after the handler returns
        src.position(src.limit());
        return;
      }
    }
    int left = src.remaining();
    if (left > 0) {
      long q = (long) QUEUED.getAndAdd(this, (long) left) + left;
      if (q > server.config().maxQueuedBytes()) {
        QUEUED.getAndAdd(this, (long) -left);
        src.position(src.limit());
        writeFailure = tooMuchQueued(q); // refused before it is copied
        return;
      }
      outbound.copy(src);
    }
  }

  @Override
  public void pauseReading() {
    userPaused = true;
  }

  @Override
  public void resumeReading() {
    if (userPaused) {
      userPaused = false;
      handle.wake();
    }
  }

  @Override
  public void execute(Runnable action) {
    java.util.Objects.requireNonNull(action, "action");
    if (finished) {
      log.debug("Dropped an action for connection {}: it is closed", this);
      return;
    }
    int max = server.config().maxQueuedActions();
    if (pendingActions.incrementAndGet() > max) {
      pendingActions.decrementAndGet();
      abort(new java.util.concurrent.RejectedExecutionException("connection " + remote + ": more"
          + " than max-queued-actions (" + max + ") actions wait for its task; aborted"));
      return;
    }
    inbox.add(action);
    handle.wake();
  }

  @Override
  public boolean isWritable() {
    if (state == OPEN && queued <= server.config().highWaterMark()) {
      return true;
    }
    // Promised an onWritable: the queue may drain below the high mark before this task looks at
    // it again, so the pause alone would not remember that someone is waiting. Flag first, then
    // re-read the queue: the task lowers the queue, then reads the flag, so one of the two sees
    // the other's write (Dekker); if the task has drained it already, wake it to call onWritable.
    toldNotWritable = true;
    if (queued <= server.config().lowWaterMark()) {
      handle.wake();
    }
    return false;
  }

  @Override
  public long queuedBytes() {
    return queued;
  }

  @Override
  public void close() {
    if (STATE.compareAndSet(this, OPEN, CLOSING)) {
      handle.wake();
    }
  }

  @Override
  public void abort() {
    abort(null);
  }

  /** Aborts, with {@code cause} for {@code onClose} ({@code null}: a clean abort). */
  private void abort(Throwable cause) {
    if (cause != null && abortCause == null) {
      abortCause = cause; // before the state: the task reads it after it sees ABORTING
    }
    int s;
    do {
      s = state;
      if (s >= ABORTING) {
        return;
      }
    } while (!STATE.compareAndSet(this, s, ABORTING));
    handle.wake();
  }

  @Override
  public boolean isOpen() {
    return state == OPEN;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public void attach(Object value) {
    this.attachment = value;
  }

  @Override
  public Object attachment() {
    return attachment;
  }

  @Override
  public String toString() {
    return remote + " -> " + local;
  }

  // ---- idle timeout --------------------------------------------------------------------------

  private void touch() {
    if (idleTimer != null) {
      lastActivity = server.clock().nanoTime();
    }
  }

  private void startIdleTimer(long delayNanos) {
    if (delayNanos <= 0) {
      return;
    }
    lastActivity = server.clock().nanoTime();
    idleTimer = server.runtime().timer().schedule(java.time.Duration.ofNanos(delayNanos), () -> {
      idleCheckDue = true;
      handle.wake();
    });
  }

  /** Finishes the connection if it was idle too long, else re-arms the timer; task only. */
  private boolean idleExpired() {
    idleCheckDue = false;
    long limit = server.config().idleTimeout().toNanos();
    long idle = server.clock().nanoTime() - lastActivity;
    if (idle >= limit) {
      finish(new TimeoutExceededException("connection " + remote + " idle",
          server.config().idleTimeout()));
      return true;
    }
    startIdleTimer(limit - idle);
    return false;
  }

  // ---- the end -------------------------------------------------------------------------------

  /**
   * Closes the socket, frees the buffers, tells the server and the handler; exactly once, on the
   * task (or on the shutdown thread once the workers have stopped).
   */
  private void finish(Throwable cause) {
    if (!FINISHED.compareAndSet(this, false, true)) {
      return;
    }
    state = CLOSED;
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Closing connection {} failed", this, e);
    }
    registration.cancel();
    if (idleTimer != null) {
      idleTimer.cancel();
    }
    deadlines.cancel();
    outbound.clear();
    inbox.clear();
    if (cause instanceof IOException || cause instanceof TimeoutExceededException) {
      log.debug("Connection {} closed: {}", this, cause.toString());
    }
    try {
      handler.onClose(this, cause);
    } catch (RuntimeException e) {
      log.warn("onClose of connection {} threw", this, e);
    }
    server.closed(this); // after onClose, so whenClosed() follows every onClose
  }
}
