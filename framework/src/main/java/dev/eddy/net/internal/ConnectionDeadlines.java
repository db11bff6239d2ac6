package dev.eddy.net.internal;

import dev.eddy.net.ServerConfig;
import dev.eddy.runtime.TaskHandle;
import dev.eddy.time.Cancellable;
import dev.eddy.time.TimeoutExceededException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The deadlines of one {@link ServerConnection} that no peer behaviour may escape: while bytes
 * are queued, the queue must shrink within {@code write-timeout}; a graceful close must finish
 * within {@code close-timeout}; a lingering close ends at {@code linger-timeout}. One timer wakes
 * the connection's task at the earliest pending deadline ({@link #checkAt}); the task then asks
 * {@link #overdue} and re-arms.
 *
 * <p>Thread-safety: task only, except the timer's callback, which only sets the volatile {@link
 * #due} flag and wakes the task.
 */
final class ConnectionDeadlines {

  private final ServerCore server;
  private final TaskHandle handle;
  private final InetSocketAddress remote;
  /** Set by the timer; the task checks the deadlines when it sees it. */
  private volatile boolean due;

  /** Whether the outbound queue held bytes after the last flush. */
  private boolean backlogged;
  /** When the outbound queue last shrank, or last began to hold bytes ({@code nanoTime}). */
  private long progressAt;
  /** Whether {@link #closingAt} is set: the task has seen the close. */
  private boolean closing;
  private long closingAt;
  /** Output shut down, waiting for the peer's end of stream until {@link #lingerUntil}. */
  private boolean lingering;
  private long lingerUntil;
  private Cancellable timer;
  /** The deadline {@link #timer} wakes the task at, {@code Long.MAX_VALUE} if none. */
  private long checkAt = Long.MAX_VALUE;

  ConnectionDeadlines(ServerCore server, TaskHandle handle, InetSocketAddress remote) {
    this.server = server;
    this.handle = handle;
    this.remote = remote;
  }

  /** A flush handed {@code written} bytes to the socket; {@code left}: bytes still queued. */
  void flushed(long written, boolean left) {
    if (!left) {
      backlogged = false;
      return;
    }
    if ((written > 0 || !backlogged) && writeLimit() > 0) {
      progressAt = server.clock().nanoTime(); // it shrank, or a backlog begins
    }
    backlogged = true;
  }

  /** Bytes wait for the socket: the write deadline must be armed. */
  void armWrite() {
    long limit = writeLimit();
    if (backlogged && limit > 0) {
      arm(progressAt + limit);
    }
  }

  /** The task has seen the close (first call only): starts the close deadline. */
  void closing(long now) {
    if (closing) {
      return;
    }
    closing = true;
    closingAt = now;
    long limit = server.config().closeTimeout().toNanos();
    if (limit > 0) {
      arm(now + limit);
    }
  }

  /** The output is shut down and lingering begins, until {@code linger-timeout} from now. */
  void startLinger(long now) {
    lingering = true;
    lingerUntil = now + server.config().lingerTimeout().toNanos();
    arm(lingerUntil);
  }

  boolean isLingering() {
    return lingering;
  }

  /** Whether lingering has lasted its time. */
  boolean lingerOver(long now) {
    return lingering && now - lingerUntil >= 0;
  }

  /** Whether the timer has fired since the last {@link #overdue}. */
  boolean isDue() {
    return due;
  }

  /**
   * The timer fired: the timeout of an overdue close or write, to abort the connection with, or
   * {@code null} after arming the timer for the next deadline.
   *
   * @param queued bytes queued now, for the message
   */
  TimeoutExceededException overdue(long queued) {
    due = false;
    checkAt = Long.MAX_VALUE;
    long now = server.clock().nanoTime();
    ServerConfig config = server.config();
    long closeLimit = config.closeTimeout().toNanos();
    if (closing && closeLimit > 0) {
      if (now - closingAt >= closeLimit) {
        return new TimeoutExceededException("graceful close of connection " + remote
            + " (eddy.net.server.close-timeout)", config.closeTimeout());
      }
      arm(closingAt + closeLimit);
    }
    long writeLimit = writeLimit();
    if (backlogged && writeLimit > 0) {
      if (now - progressAt >= writeLimit) {
        return new TimeoutExceededException("write progress of connection " + remote + " ("
            + queued + " bytes queued, eddy.net.server.write-timeout)", config.writeTimeout());
      }
      arm(progressAt + writeLimit);
    }
    if (lingering) {
      arm(lingerUntil);
    }
    return null;
  }

  /** Stops the timer: the connection has finished. */
  void cancel() {
    Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  private long writeLimit() {
    return server.config().writeTimeout().toNanos();
  }

  /** Makes the timer wake the task by {@code deadline}. */
  private void arm(long deadline) {
    if (deadline - checkAt >= 0) {
      return; // woken by then anyway
    }
    cancel();
    checkAt = deadline;
    long delay = Math.max(0, deadline - server.clock().nanoTime());
    timer = server.runtime().timer().schedule(Duration.ofNanos(delay), () -> {
      due = true;
      handle.wake();
    });
  }
}
