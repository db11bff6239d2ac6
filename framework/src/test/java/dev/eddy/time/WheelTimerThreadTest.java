package dev.eddy.time;

import static dev.eddy.time.WheelTimerTest.ms;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.runtime.Await;
import dev.eddy.time.internal.WheelTimer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer thread on the real clock: waiting, parking when idle, and ending on close. */
class WheelTimerThreadTest {

  private static final AtomicInteger ids = new AtomicInteger();
  private static final Duration PATIENCE = Duration.ofSeconds(5);

  private final String threadName = "eddy-timer-test-" + ids.incrementAndGet();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(r -> new Thread(r, threadName + "-executor"));
  private final WheelTimer timer =
      new WheelTimer(Clock.system(), executor, ms(1), 512, threadName);

  @AfterEach
  void close() {
    timer.close();
    executor.shutdownNow();
  }

  @Test
  void sleepLastsAtLeastItsDelayAndCompletesOnTheExecutor() throws Exception {
    timer.start();
    long before = System.nanoTime();

    String completedOn =
        timer
            .sleep(ms(20))
            .thenApply(ignored -> Thread.currentThread().getName())
            .toCompletableFuture()
            .get(5, SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(ms(20));
    assertThat(completedOn).isEqualTo(threadName + "-executor");
  }

  @Test
  void idleThreadParksWithoutTimeoutAndEndsOnClose() throws Exception {
    timer.start();
    Await.until("the idle timer thread parks", PATIENCE, () -> isParkedIndefinitely());

    timer.sleep(ms(5)).toCompletableFuture().get(5, SECONDS);
    Await.until("the timer thread parks again", PATIENCE, () -> isParkedIndefinitely());

    timer.close();
    Await.until("the timer thread ends", PATIENCE, () -> timerThread().isEmpty());
  }

  @Test
  void cancelledTimersLetTheThreadGoIdle() {
    timer.start();
    Cancellable far = timer.schedule(Duration.ofHours(1), () -> {});

    far.cancel();

    Await.until("the timer thread parks", PATIENCE, () -> isParkedIndefinitely());
    assertThat(timer.pendingCount()).isZero();
  }

  @Test
  void closeFailsPendingSleeps() {
    timer.start();
    CompletableFuture<Void> pending = timer.sleep(Duration.ofHours(1)).toCompletableFuture();

    timer.close();

    assertThat(Failures.of(pending))
        .isInstanceOf(CancellationException.class)
        .hasMessage("timer closed");
    assertThat(timerThread()).isEmpty();
  }

  private boolean isParkedIndefinitely() {
    return timerThread().map(t -> t.getState() == Thread.State.WAITING).orElse(false)
        && timer.pendingCount() == 0;
  }

  private Optional<Thread> timerThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(threadName))
        .findFirst();
  }

  @Test
  void anErrorWhileFiringOneTimerFailsThatTimerAndTheThreadGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    java.util.concurrent.Executor flaky = task -> {
      if (calls.getAndIncrement() == 0) {
        throw new StackOverflowError("test: the executor fails once");
      }
      executor.execute(task);
    };
    WheelTimer t = new WheelTimer(Clock.system(), flaky, ms(1), 512, threadName + "-flaky");
    try {
      t.start();
      CompletableFuture<Void> first = t.sleep(ms(1)).toCompletableFuture();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.get(5, SECONDS))
          .isInstanceOf(CancellationException.class)
          .hasRootCauseInstanceOf(StackOverflowError.class);
      assertThat(t.sleep(ms(1)).toCompletableFuture().get(5, SECONDS))
          .as("the next timer still fires").isNull();
    } finally {
      t.close();
    }
  }

  @Test
  void aScheduledActionThatWillNeverRunCallsItsAbortHookOnce() throws Exception {
    timer.start();
    AtomicInteger ran = new AtomicInteger();
    CompletableFuture<CancellationException> aborted = new CompletableFuture<>();
    AtomicInteger aborts = new AtomicInteger();
    timer.schedule(Duration.ofHours(1), ran::incrementAndGet, cause -> {
      aborts.incrementAndGet();
      aborted.complete(cause);
    });
    timer.close();
    assertThat(aborted.get(5, SECONDS)).hasMessageContaining("timer closed");
    CompletableFuture<CancellationException> late = new CompletableFuture<>();
    timer.schedule(ms(1), ran::incrementAndGet, late::complete);
    assertThat(late.get(5, SECONDS)).hasMessageContaining("timer closed");
    assertThat(aborts).hasValue(1);
    assertThat(ran).hasValue(0);
  }
}
