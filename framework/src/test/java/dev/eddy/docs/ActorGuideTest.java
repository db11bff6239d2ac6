package dev.eddy.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.actor.Actors;
import dev.eddy.actor.Mailbox;
import dev.eddy.actor.OverflowPolicy;
import dev.eddy.actor.Props;
import dev.eddy.actor.Signal;
import dev.eddy.actor.Supervision;
import dev.eddy.actor.Terminated;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The code snippets of docs/actors.md, compiled and run. The text between each {@code // doc:NAME}
 * and {@code // doc:end} marker here is what the page shows; {@link #everySnippetIsOnThePage()}
 * checks that the page still shows exactly that.
 */
class ActorGuideTest {

  // doc:counter
  sealed interface Command permits Add, Get {}

  record Add(int amount) implements Command {}

  record Get(ActorRef<Integer> replyTo) implements Command {}

  static final class Counter extends Actor<Command> {
    private int count; // no lock, no volatile: one message at a time

    @Override
    protected void receive(Command message) {
      if (message instanceof Add add) {
        count += add.amount();
      } else if (message instanceof Get get) {
        get.replyTo().tell(count);
      }
    }
  }
  // doc:end

  // doc:parent
  static final class Parent extends Actor<String> {
    private final ActorRef<Command> counter = context().spawn(Counter::new, "counter",
        Props.defaults().withSupervision(Supervision.restart()
            .withLimit(3, Duration.ofMinutes(1))
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(10))));

    @Override
    protected void preStart() {
      context().watch(counter);               // Terminated when it stops
    }

    @Override
    protected void receive(String message) {
      counter.tell(new Add(message.length()));
    }

    @Override
    protected void onSignal(Signal signal) {
      if (signal instanceof Terminated t) {
        context().log().warn("{} stopped", t.ref().path());
      }
    }
  }
  // doc:end

  // doc:timers
  enum Tick { INSTANCE }

  static final class Heartbeat extends Actor<Tick> {
    private final ActorRef<String> out;

    Heartbeat(ActorRef<String> out) {
      this.out = out;
      context().timers().startTimerAtFixedRate("beat", Tick.INSTANCE, Duration.ofMillis(10));
    }

    @Override
    protected void receive(Tick tick) {
      out.tell("beat");                       // timers stop when the actor stops
    }
  }
  // doc:end

  // doc:stash
  sealed interface Db permits Connected, Query {}

  record Connected() implements Db {}

  record Query(String sql, ActorRef<String> replyTo) implements Db {}

  static final class Repository extends Actor<Db> {
    private boolean connected;

    @Override
    protected void receive(Db message) {
      if (message instanceof Connected) {
        connected = true;
        context().unstashAll();               // replayed in order, ahead of newer messages
      } else if (!connected) {
        context().stash(message);             // not ready yet: keep it for later
      } else if (message instanceof Query q) {
        q.replyTo().tell("rows for " + q.sql());
      }
    }
  }
  // doc:end

  static ActorSystem shared;

  @BeforeAll
  static void start() {
    shared = ActorSystem.create("guide");
  }

  @AfterAll
  static void stop() {
    shared.close();
  }

  @Test
  void embedTellAskClose() {
    int total;
    // doc:embed
    try (ActorSystem system = ActorSystem.create("app")) {       // owns a runtime
      ActorRef<Command> counter = system.spawn(Counter::new, "counter");
      counter.tell(new Add(40));                                   // any thread
      counter.tell(new Add(2));
      CompletionStage<Integer> reply = counter.ask(Get::new, Duration.ofSeconds(1));
      total = reply.toCompletableFuture().join();                  // 42
    }                                                              // stops actors, then runtime
    // doc:end
    assertThat(total).isEqualTo(42);
  }

  @Test
  void supervisedChildAndDeathWatch() throws Exception {
    ActorRef<String> parent = shared.spawn(Parent::new, "parent");
    parent.tell("hello");
    assertThat(shared.deadLetters().count()).isZero();
  }

  @Test
  void timersAndFunctionalForm() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> twoBeats = new CompletableFuture<>();
    // doc:functional
    ActorRef<String> printer = shared.spawn(Actors.<String>receive((ctx, line) -> {
      ctx.log().info(line);
      seen.add(line);
    }), "printer");
    // doc:end
    ActorRef<String> counting = shared.spawn(Actors.<String>receive((ctx, line) -> {
      printer.tell(line);
      if (seen.size() >= 2) {
        twoBeats.complete(null);
      }
    }), "counting");
    ActorRef<Tick> beat = shared.spawn(() -> new Heartbeat(counting), "heartbeat");
    twoBeats.get(10, SECONDS);
    assertThat(seen).contains("beat");
    assertThat(beat.path().name()).isEqualTo("heartbeat");
  }

  @Test
  void stashUntilReady() throws Exception {
    ActorRef<Db> repo = shared.spawn(Repository::new, "repository");
    CompletionStage<String> rows = repo.ask(r -> new Query("select 1", r), Duration.ofSeconds(5));
    repo.tell(new Connected());
    assertThat(rows.toCompletableFuture().get(10, SECONDS)).isEqualTo("rows for select 1");
  }

  @Test
  void boundedMailbox() {
    // doc:bounded
    Props props = Props.defaults()
        .withMailbox(Mailbox.bounded(1_000, OverflowPolicy.DROP_OLDEST));
    ActorRef<Command> bounded = shared.spawn(Counter::new, "bounded-counter", props);
    // doc:end
    bounded.tell(new Add(1));
    assertThat(props.mailbox().capacity()).isEqualTo(1_000);
  }

  /** Every {@code // doc:} block of this file appears on the page, indentation removed. */
  @Test
  void everySnippetIsOnThePage() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/eddy/docs/ActorGuideTest.java"));
    String page = Files.readString(Path.of("../docs/actors.md"));
    Matcher m = Pattern.compile("(?s)// doc:([a-z-]+)\\n(.*?)\\n\\s*// doc:end").matcher(source);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
      assertThat(page).as("snippet " + m.group(1) + " of docs/actors.md")
          .contains(dedent(m.group(2)));
    }
    assertThat(names).contains("counter", "embed", "parent", "timers", "stash", "functional",
        "bounded");
  }

  static String dedent(String block) {
    String[] lines = block.split("\n", -1);
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return b.toString().stripTrailing();
  }
}
