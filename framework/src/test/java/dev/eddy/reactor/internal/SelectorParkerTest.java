package dev.eddy.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eddy.runtime.Await;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The selector parker on its own, owned by a plain test thread (which is not a worker, so every
 * registration goes through the owner's queue, as from any foreign thread).
 */
class SelectorParkerTest {

  private SelectorParker parker;
  private Pipe pipe;

  @BeforeEach
  void open() throws Exception {
    parker = (SelectorParker) new Reactor(1).parker(0);
    pipe = Pipe.open();
    pipe.source().configureBlocking(false);
  }

  @AfterEach
  void close() throws Exception {
    parker.close();
    pipe.sink().close();
    pipe.source().close();
  }

  @Test
  void unparkBeforeParkMakesParkReturnAtOnce() {
    parker.unpark();
    long start = System.nanoTime();
    parker.parkNanos(TimeUnit.SECONDS.toNanos(10));
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void timedParkReturnsAfterItsTimeout() {
    long start = System.nanoTime();
    parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(
        TimeUnit.MILLISECONDS.toNanos(19));
  }

  @Test
  void unparkWakesAParkedOwner() throws Exception {
    AtomicBoolean returned = new AtomicBoolean();
    Thread owner = new Thread(() -> {
      parker.park();
      returned.set(true);
    });
    owner.start();
    // Keep unparking until the owner is back: an unpark before it parked is consumed as a permit.
    Await.until("the parked owner returned", Duration.ofSeconds(10), () -> {
      parker.unpark();
      return returned.get();
    });
    owner.join(10_000);
    assertThat(owner.isAlive()).isFalse();
  }

  @Test
  void readinessWakesTheRegistrationOnceUntilInterestIsArmedAgain() throws Exception {
    AtomicInteger wakes = new AtomicInteger();
    Registration r = new Registration(parker, pipe.source(), wakes::incrementAndGet);
    r.interest(SelectionKey.OP_READ); // queued: this thread is not a worker
    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    Await.until("readiness reported", Duration.ofSeconds(10), () -> {
      parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      return wakes.get() > 0;
    });
    // Interest is one-shot: the unread byte must not wake it again (nor make select spin).
    for (int i = 0; i < 5; i++) {
      parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertThat(wakes.get()).isEqualTo(1);
    r.interest(SelectionKey.OP_READ);
    Await.until("readiness reported again", Duration.ofSeconds(10), () -> {
      parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      return wakes.get() == 2;
    });
  }

  @Test
  void interestFromAnotherThreadWakesTheParkedOwner() throws Exception {
    AtomicInteger wakes = new AtomicInteger();
    Registration r = new Registration(parker, pipe.source(), wakes::incrementAndGet);
    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    Thread owner = new Thread(() -> {
      while (wakes.get() == 0) {
        parker.park(); // blocks without a timeout: only the queued registration can end it
      }
    });
    owner.start();
    r.interest(SelectionKey.OP_READ);
    owner.join(10_000);
    assertThat(owner.isAlive()).isFalse();
    assertThat(wakes.get()).isEqualTo(1);
  }

  @Test
  void aCancelledKeyNeverFiresAndIsFlushed() throws Exception {
    AtomicInteger wakes = new AtomicInteger();
    Registration r = new Registration(parker, pipe.source(), wakes::incrementAndGet);
    r.interest(SelectionKey.OP_READ);
    parker.pollEvents();
    assertThat(parker.keyCount()).isEqualTo(1);
    pipe.source().close();
    r.cancel();
    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    parker.pollEvents();
    parker.pollEvents();
    assertThat(wakes.get()).isZero();
    assertThat(parker.keyCount()).isZero();
  }

  @Test
  void closeClosesTheSelectorAndItsChannels() throws Exception {
    Registration r = new Registration(parker, pipe.source(), () -> { });
    r.interest(SelectionKey.OP_READ);
    parker.pollEvents();
    parker.close();
    assertThat(parker.isClosed()).isTrue();
    assertThat(pipe.source().isOpen()).isFalse();
    assertThat(parker.keyCount()).isZero();
  }

  /** A helper selecting for a stuck owner lets go as soon as the owner parks again. */
  @Test
  void theOwnerTakesItsSelectorBackFromAHelper() {
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      AtomicBoolean driving = new AtomicBoolean();
      AtomicBoolean drove = new AtomicBoolean();
      Thread helper = new Thread(() -> {
        driving.set(true);
        drove.set(parker.driveForStuckOwner(TimeUnit.SECONDS.toNanos(20)));
      });
      helper.start();
      Await.until("the helper started", Duration.ofSeconds(5), driving::get);
      // The owner parks: it must not wait out the helper's 20 s selection.
      long start = System.nanoTime();
      parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      helper.join(10_000);
      assertThat(helper.isAlive()).isFalse();
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    });
  }

  /** Readiness seen by a helper wakes the registration, as the owner's selection would. */
  @Test
  void aHelperAppliesQueuedInterestAndDispatchesReadiness() throws Exception {
    AtomicInteger wakes = new AtomicInteger();
    Registration r = new Registration(parker, pipe.source(), wakes::incrementAndGet);
    r.interest(SelectionKey.OP_READ); // queued: only a driver applies it
    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    Await.until("the helper reported readiness", Duration.ofSeconds(10), () -> {
      assertThat(parker.driveForStuckOwner(TimeUnit.MILLISECONDS.toNanos(10))).isTrue();
      return wakes.get() == 1;
    });
  }

  /**
   * Review D13: a kept (level-triggered) read whose task does not poll (queued or running on
   * another worker) must not make every selection return at once. Twenty parks with unread bytes:
   * without the suspension each returns at once and wakes again.
   */
  @Test
  void keptReadinessIsSuspendedUntilTheWokenTaskPolls() throws Exception {
    AtomicInteger wakes = new AtomicInteger();
    Registration r = new Registration(parker, pipe.source(), wakes::incrementAndGet);
    r.keep(SelectionKey.OP_READ);
    r.interest(SelectionKey.OP_READ);
    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    Await.until("readiness reported", Duration.ofSeconds(10), () -> {
      parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      return wakes.get() >= 1;
    });
    for (int i = 0; i < 20; i++) {
      parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the task never polls meanwhile
    }
    assertThat(wakes.get()).as("wakes while the task did not poll").isLessThanOrEqualTo(2);
    int before = wakes.get();
    r.polled(); // the task's poll starts, and leaves the byte unread
    Await.until("readiness reported again after the poll", Duration.ofSeconds(10), () -> {
      parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      return wakes.get() > before;
    });
  }
}
