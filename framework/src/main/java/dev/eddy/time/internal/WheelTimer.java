package dev.eddy.time.internal;

import dev.eddy.time.Cancellable;
import dev.eddy.time.Clock;
import dev.eddy.time.TestClock;
import dev.eddy.time.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's {@link Timer}: a hashed timer wheel with a fixed tick, driven by one daemon thread
 * (or, with a {@link TestClock}, by the test's calls to {@link TestClock#advance}).
 *
 * <p>Lifecycle: timers may be created right after construction; they start counting at once but
 * fire only after {@link #start()}. {@link #close()} fails every pending timer. Due work is handed
 * to the executor given here: stages complete, and actions run, on its threads.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class WheelTimer implements Timer, AutoCloseable {

  /*
   * Implementation overview
   *
   * The wheel. Time since `origin` (the clock's reading at construction) is cut into ticks of
   * `tickNanos`; tick k ends at origin + k * tickNanos and is processed once the clock has reached
   * that point. A timer due d nanoseconds after origin belongs to tick ceil(d / tickNanos), the
   * first tick end not before d: deadlines are rounded up and never fire early. Tick t maps to
   * bucket t & mask; a timer more than one rotation away waits in its bucket with
   * `remainingRounds` = visits of that bucket still to skip. Processing a tick visits one bucket,
   * so inserting and cancelling are O(1) and a tick costs the length of one bucket (Varghese and
   * Lauck's scheme 6, as in Netty's HashedWheelTimer).
   *
   * Hand-off (class Wheel). Only the driver (the timer thread, or the thread inside
   * TestClock.advance holding `driveLock`) touches buckets, links, rounds and the tick counter.
   * Other threads offer new entries to the `added` inbox, and cancel by moving an entry's state to
   * CANCELLED and offering it to the `cancelled` inbox (both lock-free MPSC queues; offer/poll
   * orders the producer's writes before the driver's reads). Each tick the driver (1) links the
   * added entries, at most as many as `pending` counted when it began so producers cannot hold
   * the tick forever, (2) unlinks the cancelled ones, so a cancelled timer is freed within a tick,
   * (3) expires its bucket, (4) sorts the due entries by (deadline, creation sequence) and hands
   * them to the executor in that order. Ticks are processed one at a time, so earlier ticks fire
   * first. The driver only calls executor.execute, never user code directly; a rejection (runtime
   * shutting down) fails the entry with a CancellationException.
   *
   * Parking (real clock). `pending` counts entries queued or linked. While it is zero the thread
   * sets `idle` and parks with no timeout, so an idle runtime costs no CPU. An adder increments
   * `pending`, then reads `idle` and unparks the thread: volatile writes then reads on both sides
   * (Dekker), so either the thread sees the timer or the adder sees the flag, and an unpark that
   * comes before the park only makes the park return. After an idle park the driver jumps over the
   * empty ticks to now. While timers are pending the thread parks until the next tick ends; adding
   * a timer does not wake it, since nothing new can be due before that tick.
   *
   * TestClock mode. No thread. start() attaches the wheel to the clock through ManualClockAccess;
   * each advance calls advanceTo(now) under the clock's lock, which does the hand-off work and
   * processes every tick that ended by now on the advancing thread (jumping over ticks while
   * nothing is pending). Due lists are local and `tick` moves before dispatch, so an action run by
   * a direct executor may advance the clock again.
   *
   * Close. The state moves to CLOSED once; the driver stops (the thread is unparked and joined)
   * and every queued or linked entry is aborted with CancellationException("timer closed"). An
   * adder that sees CLOSED after its offer drains `added` itself, so no entry is ever stranded.
   */

  private static final Logger log = LoggerFactory.getLogger(WheelTimer.class);

  private static final int NEW = 0;
  private static final int STARTED = 1;
  private static final int CLOSED = 2;

  private final Clock clock;
  private final Executor executor;
  private final long tickNanos;
  private final String threadName;
  private final long origin;
  /** Non-null in TestClock mode. */
  private final TestClock manualClock;

  private final ManualClockAccess.Driven driver = this::advanceTo;
  private final ReentrantLock driveLock = new ReentrantLock();
  private final Object lifecycleLock = new Object();

  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger state = new AtomicInteger(NEW);
  private volatile Thread worker;
  private volatile boolean idle;

  private final Wheel wheel;

  /**
   * A stopped timer; call {@link #start()} to make it fire.
   *
   * @param clock the time source; a {@link TestClock} means no thread, the test drives the wheel
   * @param executor runs due actions and completes stages (the runtime)
   * @param tick resolution: deadlines are rounded up to a multiple of it
   * @param wheelSize buckets in the wheel, a power of two; timers further out than {@code tick *
   *     wheelSize} cost one extra bucket visit per rotation
   * @param threadName name of the timer thread
   * @throws IllegalArgumentException if {@code tick} is not positive or {@code wheelSize} is not a
   *     positive power of two
   */
  public WheelTimer(
      Clock clock, Executor executor, Duration tick, int wheelSize, String threadName) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.threadName = Objects.requireNonNull(threadName, "threadName");
    Objects.requireNonNull(tick, "tick");
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive, was " + tick);
    }
    if (wheelSize <= 0 || Integer.bitCount(wheelSize) != 1) {
      throw new IllegalArgumentException(
          "wheelSize must be a positive power of two, was " + wheelSize);
    }
    this.tickNanos = tick.toNanos();
    this.wheel = new Wheel(tickNanos, wheelSize);
    this.manualClock = clock instanceof TestClock ? (TestClock) clock : null;
    this.origin = clock.nanoTime();
  }

  /**
   * Starts the timer thread, or with a {@link TestClock} attaches this wheel to the clock. No
   * effect if already started.
   *
   * @throws IllegalStateException if the timer was closed
   */
  public void start() {
    synchronized (lifecycleLock) {
      if (state.get() == CLOSED) {
        throw new IllegalStateException("timer " + threadName + " is closed");
      }
      if (!state.compareAndSet(NEW, STARTED)) {
        return;
      }
      if (manualClock != null) {
        ManualClockAccess.attach(manualClock, driver);
        return;
      }
      Thread thread = new Thread(this::runWorker, threadName);
      thread.setDaemon(true);
      worker = thread;
      thread.start();
    }
  }

  /**
   * Stops the timer: pending sleeps and timeouts fail with {@code CancellationException("timer
   * closed")} (completed on the calling thread, or on the timer thread before it exits, since the
   * executor may be gone), scheduled actions and intervals never run, and new timers fail the same
   * way. Returns once the timer thread has ended. Idempotent.
   */
  @Override
  public void close() {
    int prior;
    Thread thread;
    synchronized (lifecycleLock) {
      prior = state.getAndSet(CLOSED);
      thread = worker;
    }
    if (prior == CLOSED) {
      return;
    }
    if (thread == null) {
      if (manualClock != null && prior == STARTED) {
        ManualClockAccess.detach(manualClock, driver);
      }
      driveLock.lock();
      try {
        abortAll();
      } finally {
        driveLock.unlock();
      }
      return;
    }
    LockSupport.unpark(thread);
    if (thread != Thread.currentThread()) {
      joinUninterruptibly(thread);
    }
  }

  /** Whether {@code thread} is this timer's own thread (where aborts of pending timers run). */
  public boolean isTimerThread(Thread thread) {
    return thread != null && thread == worker;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** {@inheritDoc} A zero delay is due at once: it goes to the executor without waiting a tick. */
  @Override
  public CompletionStage<Void> sleep(Duration delay) {
    long nanos = delayNanos(delay, "delay");
    CompletableFuture<Void> done = new CompletableFuture<>();
    TimerEntry entry =
        TimerEntry.oneShot(
            this, deadlineAfter(nanos), () -> done.complete(null), done::completeExceptionally);
    // Also runs when the timer completes it; cancelling an expired entry is a no-op.
    done.whenComplete((ignored, failure) -> entry.cancel());
    arm(entry, nanos);
    return done;
  }

  /**
   * {@inheritDoc} The outcome of {@code stage} is delivered through the executor as well (inline if
   * the executor no longer takes work). Cancelling the returned stage frees the timer but leaves
   * {@code stage} alone.
   */
  @Override
  public <T> CompletionStage<T> timeout(CompletionStage<T> stage, Duration limit) {
    Objects.requireNonNull(stage, "stage");
    return Timeout.start(this, stage, limit, delayNanos(limit, "limit"));
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    Objects.requireNonNull(action, "action");
    long nanos = delayNanos(delay, "delay");
    TimerEntry entry =
        TimerEntry.oneShot(this, deadlineAfter(nanos), () -> runLogged(action), cause -> {});
    arm(entry, nanos);
    return entry;
  }

  @Override
  public Cancellable schedule(
      Duration delay, Runnable action, Consumer<? super CancellationException> onAbort) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(onAbort, "onAbort");
    long nanos = delayNanos(delay, "delay");
    TimerEntry entry = TimerEntry.oneShot(this, deadlineAfter(nanos), () -> runLogged(action),
        cause -> {
          try {
            onAbort.accept(cause);
          } catch (RuntimeException e) {
            log.warn("abort callback of scheduled action {} failed", action, e);
          }
        });
    arm(entry, nanos);
    return entry;
  }

  /**
   * {@inheritDoc} A period shorter than the tick runs at most once per tick, and periods the timer
   * missed (for example while its thread was descheduled) are skipped rather than run in a burst.
   */
  @Override
  public Cancellable interval(Duration period, Runnable action) {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(action, "action");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    return Interval.start(this, Nanos.saturated(period), action);
  }

  /**
   * Timers created and not yet fired, including cancelled ones the wheel has not dropped yet (it
   * drops them on its next tick, or with a TestClock on the next {@code advance}). For tests and
   * metrics; any thread.
   */
  public long pendingCount() {
    return wheel.pending();
  }

  @Override
  public String toString() {
    return "WheelTimer[" + threadName + ", tick=" + Duration.ofNanos(tickNanos) + ", pending="
        + wheel.pending() + "]";
  }

  // ---- Used by entries and intervals ----

  long nextSeq() {
    return sequence.getAndIncrement();
  }

  long relativeNow() {
    return clock.nanoTime() - origin;
  }

  /** Queues {@code entry} for the driver; any thread. */
  void add(TimerEntry entry) {
    if (state.get() == CLOSED) {
      abortClosed(entry);
      return;
    }
    wheel.offer(entry);
    if (state.get() == CLOSED) {
      wheel.drainAdded(WheelTimer::abortClosed); // close may have drained just before our offer
    } else if (idle) {
      LockSupport.unpark(worker);
    }
  }

  void cancelled(TimerEntry entry) {
    wheel.offerCancelled(entry);
  }

  /**
   * Hands {@code task} to the executor; a rejection, or any other failure of the executor (a
   * fatal spawn hook, say), aborts {@code entry} instead, and the timer goes on.
   */
  void execute(Runnable task, TimerEntry entry) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("timer {}: executor rejected a due timer, cancelling it: {}", threadName, e);
      entry.abort(new CancellationException("timer action rejected by the executor: " + e));
    } catch (Throwable e) {
      log.error("timer {}: the executor failed to take a due timer; failing that timer",
          threadName, e);
      CancellationException cause =
          new CancellationException("timer action not run: the executor threw " + e);
      cause.initCause(e);
      entry.abort(cause);
    }
  }

  // ---- The driver ----

  private void runWorker() {
    try {
      wheel.skipEmptyTicks(relativeNow());
      while (state.get() != CLOSED) {
        if (wheel.pending() == 0) {
          parkIdle();
          continue;
        }
        long wait = wheel.nextTickEnd() - relativeNow();
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
          clearInterrupt();
        } else {
          processTick();
        }
      }
    } catch (RuntimeException | Error e) {
      log.error("timer thread {} failed; failing all its timers", threadName, e);
      state.set(CLOSED);
    } finally {
      abortAll();
    }
  }

  private void parkIdle() {
    idle = true;
    if (wheel.pending() == 0 && state.get() != CLOSED) {
      LockSupport.park(this);
      clearInterrupt();
    }
    idle = false;
    wheel.skipEmptyTicks(relativeNow());
  }

  private void advanceTo(long nanoTime) {
    driveLock.lock();
    try {
      if (state.get() == CLOSED) {
        return;
      }
      long now = nanoTime - origin;
      wheel.drainInboxes();
      while (true) {
        if (wheel.pending() == 0) {
          wheel.skipEmptyTicks(now);
          return;
        }
        if (wheel.nextTickEnd() > now) {
          return;
        }
        processTick();
      }
    } finally {
      driveLock.unlock();
    }
  }

  private void processTick() {
    long tickTime = wheel.nextTickEnd();
    List<TimerEntry> due = wheel.expireNextTick();
    if (due != null) {
      for (TimerEntry entry : due) {
        expireOne(entry, tickTime);
      }
    }
  }

  /** Fires one due entry; whatever it throws fails that entry alone and the wheel goes on. */
  private void expireOne(TimerEntry entry, long tickTime) {
    try {
      entry.expire(tickTime);
    } catch (Throwable e) {
      log.error("timer {}: firing {} failed; failing that timer", threadName, entry, e);
      CancellationException cause = new CancellationException("timer failed to fire: " + e);
      cause.initCause(e);
      try {
        entry.abort(cause);
      } catch (Throwable abortFailure) {
        log.error("timer {}: failing {} failed too", threadName, entry, abortFailure);
      }
    }
  }

  /** On the driver, or on the closing thread when there is no driver. */
  private void abortAll() {
    wheel.drainAll(WheelTimer::abortClosed);
  }

  private static void abortClosed(TimerEntry entry) {
    if (entry.markAborted()) {
      entry.abort(new CancellationException("timer closed"));
    }
  }

  // ---- Helpers ----

  /** Fires {@code entry} now if its delay is zero, else queues it for the driver; any thread. */
  void arm(TimerEntry entry, long delayNanos) {
    if (!entry.isPending()) {
      return; // cancelled while being set up (a timeout whose stage was already complete)
    }
    if (delayNanos == 0 && state.get() == STARTED && entry.markExpired()) {
      expireOne(entry, relativeNow());
    } else {
      add(entry);
    }
  }

  long deadlineAfter(long delayNanos) {
    return Nanos.saturatedAdd(relativeNow(), delayNanos);
  }

  /** Hands {@code task} to the executor, or runs it here if the executor no longer takes work. */
  void executeOrRun(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("timer {}: executor rejected a completion, running it inline", threadName);
      task.run();
    }
  }

  private static void runLogged(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("scheduled action {} failed", action, e);
    }
  }

  private static long delayNanos(Duration delay, String name) {
    Objects.requireNonNull(delay, name);
    if (delay.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or more, was " + delay);
    }
    return Nanos.saturated(delay);
  }

  /**
   * close() is the only way to stop the timer thread; a stray interrupt would otherwise make every
   * later park return at once and spin the thread.
   */
  private static void clearInterrupt() {
    if (Thread.interrupted()) {
      log.debug("timer thread {} ignores an interrupt; close() stops it", Thread.currentThread());
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
