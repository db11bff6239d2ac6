package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ActorConfigTest {

  @Test
  void referenceDefaults() {
    ActorConfig c = ActorConfig.from(ConfigFactory.defaultReference());
    assertThat(c.throughput()).isEqualTo(64);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.stashCapacity()).isEqualTo(10_000);
    assertThat(c.maxRestarts()).isEqualTo(10);
    assertThat(c.restartWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.deadLetterLogMax()).isEqualTo(10);
    assertThat(c.deadLetterLogInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.fatalError()).isEqualTo(ActorConfig.FatalErrorPolicy.STOP_ACTOR);
  }

  @Test
  void fatalErrorIsOneOfTwoPolicies() {
    var exit = ConfigFactory.parseString("eddy.actor.fatal-error = exit-jvm")
        .withFallback(ConfigFactory.defaultReference());
    assertThat(ActorConfig.from(exit).fatalError())
        .isEqualTo(ActorConfig.FatalErrorPolicy.EXIT_JVM);
    var bad = ConfigFactory.parseString("eddy.actor.fatal-error = ignore")
        .withFallback(ConfigFactory.defaultReference());
    assertThatThrownBy(() -> ActorConfig.from(bad))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.actor.fatal-error")
        .hasMessageContaining("stop-actor, exit-jvm");
    assertThatThrownBy(() -> ActorConfig.load().withFatalError(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fatalError");
  }

  @Test
  void badValueNamesTheKeyAndWhatIsExpected() {
    var config = ConfigFactory.parseString("eddy.actor.throughput = 0")
        .withFallback(ConfigFactory.defaultReference());
    assertThatThrownBy(() -> ActorConfig.from(config))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("eddy.actor.throughput")
        .hasMessageContaining("from 1 to");
  }

  @Test
  void valuesCanBeSetInCodeAndAreChecked() {
    ActorConfig c = ActorConfig.from(ConfigFactory.defaultReference()).withThroughput(8)
        .withStashCapacity(5).withRestartLimit(2, Duration.ofSeconds(3));
    assertThat(c.throughput()).isEqualTo(8);
    assertThat(c.stashCapacity()).isEqualTo(5);
    assertThat(c.maxRestarts()).isEqualTo(2);
    assertThatThrownBy(() -> c.withThroughput(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("throughput");
  }

  @Test
  void throughputSetInCodeBoundsATurn() throws Exception {
    try (dev.eddy.runtime.Runtime runtime = dev.eddy.runtime.Runtime.builder().workers(1)
        .build()) {
      ActorSystem system = ActorSystem.create("throughput", runtime,
          ActorConfig.load().withThroughput(2));
      try {
        // A busy actor yields after 2 messages: another actor on the single worker gets a turn
        // while the busy one still has work queued.
        java.util.concurrent.CompletableFuture<Integer> seenByOther =
            new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger handled =
            new java.util.concurrent.atomic.AtomicInteger();
        ActorRef<String> other = system.spawn(Actors.<String>receive((ctx, m) ->
            seenByOther.complete(handled.get())), "other");
        ActorRef<String> busy = system.spawn(Actors.<String>receive((ctx, m) -> {
          if (handled.incrementAndGet() == 1) {
            other.tell("your turn");
          }
        }), "busy");
        runtime.spawn(() -> {
          for (int i = 0; i < 100; i++) {
            busy.tell("work");
          }
        }).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(seenByOther.get(10, java.util.concurrent.TimeUnit.SECONDS))
            .isLessThanOrEqualTo(2); // with the default 64 it would be 64
      } finally {
        system.close();
      }
    }
  }
}
