package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.eddy.runtime.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What an actor's log lines carry: its class as the logger name of {@code context().log()}, its
 * path in the MDC under {@link ActorContext#MDC_ACTOR_PATH} (its own lines and the framework's), and no
 * MDC left behind for the next task on the worker. Also the message for {@code new MyActor()}.
 */
class ActorLoggingTest {

  static final class Talker extends Actor<String> {
    Talker() {
      context().log().info("created");
    }

    @Override
    protected void receive(String message) {
      if (message.equals("fail")) {
        throw new IllegalStateException("asked to fail");
      }
      context().log().info("got {}", message);
    }
  }

  /**
   * Logs, then replies with what the MDC said in its turn and what it says on a plain task
   * spawned from that turn (which runs after it, or on another worker).
   */
  static final class Spawner extends Actor<ActorRef<String>> {
    @Override
    protected void receive(ActorRef<String> replyTo) {
      context().log().debug("spawning");
      String inTurn = MDC.get(ActorContext.MDC_ACTOR_PATH);
      context().system().runtime().spawn(() ->
          replyTo.tell(inTurn + "|" + MDC.get(ActorContext.MDC_ACTOR_PATH)));
    }
  }

  static final class Stopper extends Actor<String> {
    @Override
    protected void receive(String message) {}
  }

  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.eddy.actor");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level level;
  private ActorSystem system;

  @BeforeEach
  void start() {
    level = logger.getLevel();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    system = Systems.create("logs");
  }

  @AfterEach
  void stop() {
    system.close();
    logger.detachAppender(appender);
    logger.setLevel(level);
    appender.stop();
  }

  private List<ILoggingEvent> mentioning(String text) {
    synchronized (appender) {
      return new ArrayList<>(appender.list.stream()
          .filter(e -> e.getFormattedMessage().contains(text)).toList());
    }
  }

  private ILoggingEvent awaitLine(String text) {
    Await.until("a log line with '" + text + "'", Duration.ofSeconds(10),
        () -> !mentioning(text).isEmpty());
    return mentioning(text).get(0);
  }

  @Test
  void contextLogIsNamedByTheActorsClassAndCarriesItsPath() {
    ActorRef<String> talker = system.spawn(Talker::new, "talker");
    talker.tell("hello");

    ILoggingEvent created = awaitLine("created");
    assertThat(created.getLoggerName()).isEqualTo(Talker.class.getName());
    assertThat(created.getMDCPropertyMap())
        .containsEntry(ActorContext.MDC_ACTOR_PATH, "eddy://logs/user/talker");
    ILoggingEvent got = awaitLine("got hello");
    assertThat(got.getLoggerName()).isEqualTo(Talker.class.getName());
    assertThat(got.getMDCPropertyMap())
        .containsEntry(ActorContext.MDC_ACTOR_PATH, "eddy://logs/user/talker");
  }

  @Test
  void theFrameworksLinesAboutAnActorCarryItsPath() {
    ActorRef<String> talker = system.spawn(Talker::new, "fragile");
    talker.tell("fail");

    ILoggingEvent restart = awaitLine("failed; restarting");
    assertThat(restart.getMDCPropertyMap())
        .containsEntry(ActorContext.MDC_ACTOR_PATH, "eddy://logs/user/fragile");
  }

  @Test
  void theMdcIsClearedAfterTheTurn() throws Exception {
    ActorRef<ActorRef<String>> spawner = system.spawn(Spawner::new, "spawner");
    for (int i = 0; i < 50; i++) {
      CompletionStage<String> seen = spawner.ask(r -> r, Duration.ofSeconds(10));
      assertThat(seen.toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isEqualTo("eddy://logs/user/spawner|null");
    }
    // A plain task on the workers, after many turns: nothing left behind there either.
    for (int i = 0; i < 20; i++) {
      CompletableFuture<String> plain = new CompletableFuture<>();
      system.runtime().spawn(() -> plain.complete(String.valueOf(MDC.get(
          ActorContext.MDC_ACTOR_PATH))));
      assertThat(plain.get(10, TimeUnit.SECONDS)).isEqualTo("null");
    }
  }

  @Test
  void newOutsideSpawnNamesTheRealClass() {
    assertThatThrownBy(Stopper::new).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pass Stopper::new, not new Stopper()")
        .hasMessageNotContaining("Counter");
  }
}
