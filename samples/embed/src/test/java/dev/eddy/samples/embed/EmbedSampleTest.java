package dev.eddy.samples.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.actor.ActorSystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbedSampleTest {

  @Test
  void walkThroughReportsEveryStepAndShutsDownCleanly() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ActorSystem system = ActorSystem.create("bank");
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      EmbedSample.run(system, out);
    } finally {
      system.close();
    }
    String report = bytes.toString(StandardCharsets.UTF_8);
    assertThat(report)
        .contains("Opened eddy://bank/user/bank/alice and eddy://bank/user/bank/bob")
        .contains("alice deposits 100: Ok[balance=100]")
        .contains("alice withdraws 30: Ok[balance=70]")
        .contains("alice withdraws 500: Rejected[reason=insufficient funds, balance=70]")
        .contains("transfer 50 from alice to bob, bob now: Ok[balance=50]")
        .contains("deposit 5 sent right behind the crash: Ok[balance=25]")
        .contains("balances: alice 25, bob 50");
    assertThat(system.whenTerminated().toCompletableFuture()).isCompleted();
    assertThat(system.runtime().isShutdown()).isTrue();
  }

  @Test
  void mainRunsAndReturns() {
    EmbedSample.main(new String[0]);
  }
}
