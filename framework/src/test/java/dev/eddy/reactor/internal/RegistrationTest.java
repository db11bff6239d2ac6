package dev.eddy.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A registration's failure paths and its take-once release callback. */
class RegistrationTest {

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

  /** Review D5: a bad registration must not escape from the owner's park. */
  @Test
  void aRegistrationTheSelectorRefusesWakesItsTaskAndClosesTheChannel() {
    AtomicInteger wakes = new AtomicInteger();
    Registration r = new Registration(parker, pipe.source(), wakes::incrementAndGet);
    r.interest(SelectionKey.OP_WRITE); // a pipe's source cannot write: register refuses it
    parker.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // applies the queued change
    assertThat(wakes.get()).as("the task was woken to see the failure").isEqualTo(1);
    assertThat(pipe.source().isOpen()).as("channel closed").isFalse();
  }

  /** Review S2: two threads taking the release callback at once; exactly one may get it. */
  @Test
  void theReleaseCallbackIsTakenOnceUnderARace() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      CyclicBarrier barrier = new CyclicBarrier(2);
      AtomicInteger taken = new AtomicInteger();
      int rounds = 20_000;
      Registration[] current = new Registration[1];
      Runnable callback = () -> { };
      Thread other = new Thread(() -> {
        try {
          for (int i = 0; i < rounds; i++) {
            barrier.await(10, TimeUnit.SECONDS);
            if (current[0].takeReleased() != null) {
              taken.incrementAndGet();
            }
            barrier.await(10, TimeUnit.SECONDS);
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      other.start();
      int doubles = 0;
      for (int i = 0; i < rounds; i++) {
        Registration r = new Registration(parker, pipe.source(), () -> { });
        r.cancel(callback); // queued with the parker, which this thread never parks
        current[0] = r;
        taken.set(0);
        barrier.await(10, TimeUnit.SECONDS);
        if (r.takeReleased() != null) {
          taken.incrementAndGet();
        }
        barrier.await(10, TimeUnit.SECONDS);
        assertThat(taken.get()).as("takers in round %d", i).isGreaterThanOrEqualTo(1);
        if (taken.get() > 1) {
          doubles++;
        }
      }
      other.join(10_000);
      assertThat(doubles).as("rounds in which both threads took the callback").isZero();
    });
  }
}
