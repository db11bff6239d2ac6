package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Dead letters: counted, published to listeners, logged at most log-max times per interval. */
class DeadLettersTest {

  @Test
  void everyDeadLetterIsCountedAndPublishedButOnlyLogMaxAreLogged() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.eddy.actor.DeadLetters");
    Level before = logger.getLevel();
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    logger.setLevel(Level.INFO);
    ActorSystem system = ActorSystem.create("dead-letters", EddyConfig.load(ConfigFactory
        .parseString("eddy.runtime.workers = 2\n"
            + "eddy.actor.dead-letters { log-max = 2, log-interval = 1d }")));
    try {
      List<DeadLetter> published = new CopyOnWriteArrayList<>();
      AutoCloseable subscription = system.deadLetters().subscribe(published::add);
      Inbox<Object> watcher = Inbox.create(system, "watcher-inbox");
      ActorRef<String> quitter = system.spawn(Actors.<String>receive((ctx, m) ->
          ctx.stop(ctx.self())), "quitter");
      system.spawn(() -> new Actor<String>() {
        @Override
        protected void preStart() {
          context().watch(quitter);
        }

        @Override
        protected void receive(String message) {}

        @Override
        protected void onSignal(Signal signal) {
          watcher.ref.tell(signal);
        }
      }, "watcher");
      quitter.tell("quit");
      assertThat(watcher.next()).isInstanceOf(Terminated.class);

      for (int i = 0; i < 5; i++) {
        quitter.tell("letter " + i);
      }
      assertThat(system.deadLetters().count()).isEqualTo(5);
      assertThat(published).extracting(DeadLetter::message)
          .containsExactly("letter 0", "letter 1", "letter 2", "letter 3", "letter 4");
      assertThat(published.get(0).recipient().toString())
          .isEqualTo("eddy://dead-letters/user/quitter");
      assertThat(published.get(0).reason()).isEqualTo("recipient stopped");
      assertThat(logged.list).hasSize(2);
      assertThat(logged.list.get(0).getFormattedMessage())
          .contains("eddy://dead-letters/user/quitter").contains("letter 0");

      subscription.close();
      quitter.tell("unheard");
      assertThat(published).hasSize(5);
      assertThat(system.deadLetters().count()).isEqualTo(6);
    } finally {
      system.close();
      logger.detachAppender(logged);
      logger.setLevel(before);
    }
  }

  @Test
  void aListenerForwardingToAStoppedActorSeesOneDeadLetterNotARecursion() throws Exception {
    try (ActorSystem system = Systems.create("dead-letter-loop")) {
      Inbox<Object> probe = Inbox.create(system, "probe");
      ActorRef<Object> monitor = system.spawn(Actors.receive((ctx, m) -> ctx.stop(ctx.self())),
          "monitor");
      ActorRef<String> quitter = system.spawn(Actors.<String>receive((ctx, m) ->
          ctx.stop(ctx.self())), "quitter");
      system.spawn(() -> new Actor<String>() {
        @Override
        protected void preStart() {
          context().watch(monitor);
          context().watch(quitter);
          probe.ref.tell("watching");
        }

        @Override
        protected void receive(String message) {}

        @Override
        protected void onSignal(Signal signal) {
          probe.ref.tell(signal);
        }
      }, "watcher");
      probe.expect("watching");
      monitor.tell("stop");
      quitter.tell("stop");
      assertThat(probe.next()).isInstanceOf(Terminated.class);
      assertThat(probe.next()).isInstanceOf(Terminated.class);

      List<DeadLetter> seen = new CopyOnWriteArrayList<>();
      long before = system.deadLetters().count();
      try (AutoCloseable subscription = system.deadLetters().subscribe(dl -> {
        seen.add(dl);
        monitor.tell(dl); // the monitor is dead too: this must not come back here
      })) {
        quitter.tell("lost");
      }
      assertThat(seen).extracting(DeadLetter::message).containsExactly("lost");
      assertThat(system.deadLetters().count()).isEqualTo(before + 1);
    }
  }
}
