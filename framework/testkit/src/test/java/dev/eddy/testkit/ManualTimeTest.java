package dev.eddy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import dev.eddy.time.TimeoutExceededException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Timer-driven behaviour on the kit's paused clock: minutes pass instantly. */
class ManualTimeTest {

  // doc:testkit
  @RegisterExtension
  static final ActorTestKit testKit = ActorTestKit.withManualTime();

  @Test
  void timersFireWhenTimeIsAdvancedAndOnlyThen(ManualTime time) {
    TestProbe<String> probe = testKit.createTestProbe();
    testKit.spawn(() -> new Reporter(probe.ref()), "reporter");
    probe.expectMessage("started"); // its timer is set: time may move now
    time.expectNoMessageFor(Duration.ofSeconds(59), probe);
    time.advance(Duration.ofSeconds(1));
    probe.expectMessage("tick 1");
    time.advance(Duration.ofMinutes(1));
    probe.expectMessage("tick 2");
  }
  // doc:end

  enum Tick { INSTANCE }

  /** Reports "tick n" every minute. */
  static final class Reporter extends Actor<Tick> {
    private final ActorRef<String> out;
    private int n;

    Reporter(ActorRef<String> out) {
      this.out = out;
      context().timers().startTimerAtFixedRate("tick", Tick.INSTANCE, Duration.ofMinutes(1));
      out.tell("started");
    }

    @Override
    protected void receive(Tick tick) {
      out.tell("tick " + ++n);
    }
  }

  @Test
  void timeMovesOnlyWhenAdvanced(ManualTime time) {
    assertThat(time.elapsed()).isEqualTo(time.clock().elapsed());
  }

  /** The snippet of docs/actors.md is this file's, between the doc markers. */
  @Test
  void theGuideShowsThisSnippet() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/eddy/testkit/ManualTimeTest.java"));
    Matcher m = Pattern.compile("(?s)// doc:testkit\\n(.*?)\\n\\s*// doc:end").matcher(source);
    assertThat(m.find()).isTrue();
    String[] lines = m.group(1).split("\\n", -1);
    StringBuilder snippet = new StringBuilder();
    for (String line : lines) {
      snippet.append(line.isBlank() ? "" : line.substring(2)).append('\n');
    }
    assertThat(Files.readString(Path.of("../../docs/actors.md")))
        .contains(snippet.toString().stripTrailing());
  }

  @Test
  void askTimeoutsFollowTheManualClock() throws Exception {
    TestProbe<String> silent = testKit.createTestProbe();
    CompletableFuture<Object> answer = silent.ref().ask(r -> "no reply", Duration.ofHours(1))
        .toCompletableFuture();
    silent.expectMessage("no reply");
    testKit.manualTime().advance(Duration.ofHours(1));
    try {
      answer.get(5, TimeUnit.SECONDS);
      throw new AssertionError("expected a timeout");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TimeoutExceededException.class)
          .hasMessageContaining("PT1H");
    }
  }
}
