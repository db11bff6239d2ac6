package dev.eddy.time;

import static dev.eddy.time.WheelTimerTest.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.time.internal.WheelTimer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@link Timer#timeout} on a {@link TestClock}. */
class TimeoutTest extends ManualWheelFixture {

  private static final Duration LIMIT = ms(50);

  private final CompletableFuture<String> work = new CompletableFuture<>();

  @Test
  void valueCompletedInTimePassesThroughAndFreesTheTimer() {
    CompletableFuture<String> result = timer.timeout(work, LIMIT).toCompletableFuture();

    work.complete("done");
    clock.advance(Duration.ZERO);

    assertThat(result).isCompletedWithValue("done");
    assertThat(timer.pendingCount()).isZero();
  }

  @Test
  void failureInTimePassesThrough() {
    CompletableFuture<String> result = timer.timeout(work, LIMIT).toCompletableFuture();

    work.completeExceptionally(new IOException("boom"));

    assertThatThrownBy(result::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class)
        .hasRootCauseMessage("boom");
  }

  @Test
  void alreadyCompleteStagePassesThroughWithoutArmingATimer() {
    CompletableFuture<String> result =
        timer.timeout(CompletableFuture.completedFuture("ready"), LIMIT).toCompletableFuture();

    assertThat(result).isCompletedWithValue("ready");
    assertThat(timer.pendingCount()).isZero();
  }

  @Test
  void lateStageFailsWithTheLimitAndIsCancelled() {
    CompletableFuture<String> result = timer.timeout(work, LIMIT).toCompletableFuture();

    clock.advance(ms(49));
    assertThat(result).isNotDone();
    clock.advance(ms(1));

    assertThatThrownBy(result::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(TimeoutExceededException.class)
        .hasMessageContaining(LIMIT.toString());
    assertThat(result.handle((v, failure) -> ((TimeoutExceededException) failure).limit()))
        .isCompletedWithValue(LIMIT);
    assertThat(work).isCancelled();
  }

  @Test
  void stageWithoutAFutureViewStillTimesOut() {
    CompletionStage<String> opaque = withoutFutureView(work);
    CompletableFuture<String> result = timer.timeout(opaque, LIMIT).toCompletableFuture();

    clock.advance(LIMIT);

    assertThatThrownBy(result::join).hasCauseInstanceOf(TimeoutExceededException.class);
    assertThat(work).isNotDone();
  }

  @Test
  void outcomeIsDeliveredOnTheExecutor() {
    ManualExecutor executor = new ManualExecutor();
    try (WheelTimer manual = new WheelTimer(clock, executor, ms(10), 8, "manual")) {
      manual.start();
      CompletableFuture<String> result = manual.timeout(work, LIMIT).toCompletableFuture();

      work.complete("done");
      assertThat(result).isNotDone();

      executor.runAll();
      assertThat(result).isCompletedWithValue("done");
    }
  }

  @Test
  void cancellingTheResultFreesTheTimerButLeavesTheStage() {
    CompletableFuture<String> result = timer.timeout(work, LIMIT).toCompletableFuture();

    result.cancel(false);
    clock.advance(Duration.ZERO);

    assertThat(timer.pendingCount()).isZero();
    assertThat(work).isNotDone();
  }

  @Test
  void negativeLimitIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> timer.timeout(work, ms(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit")
        .hasMessageContaining("PT-0.005S");
  }

  /** A stage whose toCompletableFuture() is unsupported, as the interface allows. */
  @SuppressWarnings("unchecked")
  private static CompletionStage<String> withoutFutureView(CompletionStage<String> delegate) {
    return (CompletionStage<String>)
        Proxy.newProxyInstance(
            TimeoutTest.class.getClassLoader(),
            new Class<?>[] {CompletionStage.class},
            (proxy, method, args) -> {
              if (method.getName().equals("toCompletableFuture")) {
                throw new UnsupportedOperationException("no future view");
              }
              try {
                return method.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
