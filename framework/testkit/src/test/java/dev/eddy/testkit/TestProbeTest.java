package dev.eddy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.actor.Actors;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The probe's expectations, on a real-time system started by the extension. */
class TestProbeTest {

  @RegisterExtension
  static final ActorTestKit testKit = ActorTestKit.create();

  record Ping(String text, ActorRef<String> replyTo) {}

  @Test
  void expectMessageReceiveMessageAndClass() {
    TestProbe<String> probe = testKit.createTestProbe();
    ActorRef<Ping> echo = testKit.spawn(Actors.<Ping>receive((ctx, p) -> p.replyTo().tell(
        p.text())), "echo");
    echo.tell(new Ping("a", probe.ref()));
    echo.tell(new Ping("b", probe.ref()));
    echo.tell(new Ping("c", probe.ref()));
    assertThat(probe.expectMessage("a")).isEqualTo("a");
    assertThat(probe.receiveMessage(Duration.ofSeconds(5))).isEqualTo("b");
    assertThat(probe.expectMessageClass(String.class)).isEqualTo("c");
    probe.expectNoMessage(Duration.ofMillis(20));
  }

  @Test
  void failuresAreAssertionErrorsThatSayWhat() {
    TestProbe<String> probe = testKit.createTestProbe();
    probe.ref().tell("unexpected");
    assertThatThrownBy(() -> probe.expectMessage("expected"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected message expected, got unexpected");
    assertThatThrownBy(() -> probe.receiveMessage(Duration.ofMillis(10)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("timed out after PT0.01S");
    probe.ref().tell("late");
    assertThatThrownBy(() -> probe.expectNoMessage(Duration.ofSeconds(5)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("got late");
  }

  @Test
  void watchAndExpectTerminated(ActorSystem system) {
    TestProbe<Object> probe = TestProbe.create(system, "watcher");
    ActorRef<String> quitter = system.spawn(Actors.<String>receive((ctx, m) ->
        ctx.stop(ctx.self())), "quitter");
    probe.watch(quitter);
    quitter.tell("quit");
    assertThat(probe.expectTerminated(quitter).failed()).isFalse();
  }

  @Test
  void manualTimeIsRefusedOnARealTimeKit() {
    assertThatThrownBy(testKit::manualTime).isInstanceOf(IllegalStateException.class);
  }
}
