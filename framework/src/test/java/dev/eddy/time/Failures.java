package dev.eddy.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

/** Reads how a future failed, the same on every JDK (Java 25's join() wraps cancellations). */
final class Failures {

  private Failures() {}

  /** The exception {@code future} was completed with; fails the test if it is not done. */
  static Throwable of(CompletableFuture<?> future) {
    assertThat(future).isDone();
    return future.handle((value, failure) -> failure).join();
  }
}
