package dev.eddy.actor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which throwables the actor layer supervises and which it treats as fatal. */
class FailuresTest {

  @Test
  void stackOverflowLinkageAndTheArraySizeLimitAreSupervised() {
    assertThat(Failures.isFatal(new StackOverflowError())).isFalse();
    assertThat(Failures.isFatal(new NoClassDefFoundError("x"))).isFalse();
    assertThat(Failures.isFatal(new OutOfMemoryError("Requested array size exceeds VM limit")))
        .isFalse();
    assertThat(Failures.isFatal(new IllegalStateException())).isFalse();
    assertThat(Failures.isFatal(new AssertionError())).isFalse();
  }

  @Test
  void otherVirtualMachineErrorsAreFatal() {
    assertThat(Failures.isFatal(new OutOfMemoryError("Java heap space"))).isTrue();
    assertThat(Failures.isFatal(new OutOfMemoryError())).isTrue();
    assertThat(Failures.isFatal(new InternalError())).isTrue();
    assertThat(Failures.isFatal(new UnknownError())).isTrue();
  }
}
