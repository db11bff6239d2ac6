package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.runtime.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The actor layer's error policy: a {@link StackOverflowError} anywhere in actor code is a failure
 * like any other (supervised), a fatal error stops the actor by the default {@code
 * eddy.actor.fatal-error = stop-actor}, and never does an actor become a zombie (its task gone,
 * its cell still taking mail).
 */
class ErrorPolicyTest {

  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = Systems.create("error-policy");
  }

  @AfterAll
  static void stop() {
    system.close();
  }

  /** Recurses until the stack runs out. */
  static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  /** Reports messages, and blows the stack in whichever hook {@code where} names, once. */
  static final class Deep extends Actor<String> {
    private final String where;
    private final AtomicInteger incarnations;
    private final ActorRef<String> report;
    private final int incarnation;

    Deep(String where, AtomicInteger incarnations, ActorRef<String> report) {
      this.where = where;
      this.incarnations = incarnations;
      this.report = report;
      this.incarnation = incarnations.incrementAndGet();
    }

    @Override
    protected void preStart() {
      if (where.equals("preStart") && incarnation == 1) {
        recurse(0);
      }
    }

    @Override
    protected void receive(String message) {
      if (message.equals("boom")) {
        recurse(0);
      }
      if (message.equals("stop")) {
        context().stop(context().self());
        return;
      }
      if (message.equals("fatal")) {
        throw new InternalError("a fatal error, on purpose");
      }
      report.tell(message + "@" + incarnation);
    }

    @Override
    protected void preRestart(Throwable cause) {
      report.tell("preRestart@" + incarnation + ":" + cause.getClass().getSimpleName());
      if (where.equals("preRestart")) {
        recurse(0);
      }
    }

    @Override
    protected void postStop() {
      if (where.equals("postStop")) {
        recurse(0);
      }
    }
  }

  /** Spawns a watcher that forwards signals to {@code inbox} and watches {@code target}. */
  static void watch(String name, ActorRef<?> target, Inbox<Object> inbox) throws Exception {
    system.spawn(() -> new Actor<String>() {
      @Override
      protected void preStart() {
        context().watch(target);
        inbox.ref.tell("watching");
      }

      @Override
      protected void receive(String message) {}

      @Override
      protected void onSignal(Signal signal) {
        inbox.ref.tell(signal);
      }
    }, name);
    inbox.expect("watching");
  }

  @Test
  void aStackOverflowInReceiveIsSupervisedAndTheActorRestarts() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "receive-inbox");
    AtomicInteger incarnations = new AtomicInteger();
    ActorRef<String> deep = system.spawn(() -> new Deep("receive", incarnations,
        inbox.ref), "receive", Props.defaults().withSupervision(Supervision.restart()));
    Inbox<Object> probe = Inbox.create(system, "receive-probe");
    watch("receive-watcher", deep, probe);
    deep.tell("boom");
    deep.tell("after");
    inbox.expect("preRestart@1:StackOverflowError");
    inbox.expect("after@2");
    assertThat(probe.isEmpty()).as("the watcher was told of no Terminated").isTrue();
  }

  @Test
  void aStackOverflowInPreStartIsSupervised() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "prestart-inbox");
    AtomicInteger incarnations = new AtomicInteger();
    ActorRef<String> deep = system.spawn(() -> new Deep("preStart", incarnations,
        inbox.ref), "prestart", Props.defaults().withSupervision(Supervision.restart()));
    deep.tell("after");
    inbox.expect("preRestart@1:StackOverflowError");
    inbox.expect("after@2");
  }

  @Test
  void aStackOverflowInPreRestartStillRestarts() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "prerestart-inbox");
    AtomicInteger incarnations = new AtomicInteger();
    ActorRef<String> deep = system.spawn(() -> new Deep("preRestart", incarnations,
        inbox.ref), "prerestart",
        Props.defaults().withSupervision(Supervision.restart()));
    deep.tell("boom");
    deep.tell("after");
    inbox.expect("preRestart@1:StackOverflowError");
    inbox.expect("after@2");
  }

  @Test
  void aStackOverflowInPostStopStillStopsTheActorAndTellsItsWatchers() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "poststop-inbox");
    ActorRef<String> deep = system.spawn(() -> new Deep("postStop", new AtomicInteger(),
        inbox.ref), "poststop");
    Inbox<Object> probe = Inbox.create(system, "poststop-probe");
    watch("poststop-watcher", deep, probe);
    deep.tell("first");
    inbox.expect("first@1");
    deep.tell("stop");
    assertThat(probe.next()).isEqualTo(new Terminated(deep, null));
    long before = system.deadLetters().count();
    deep.tell("late");
    Await.until("the late message is a dead letter", Inbox.WAIT,
        () -> system.deadLetters().count() > before);
  }

  @Test
  void aFatalErrorStopsTheActorByTheDefaultPolicy() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "fatal-inbox");
    ActorRef<String> deep = system.spawn(() -> new Deep("receive", new AtomicInteger(),
        inbox.ref), "fatal", Props.defaults().withSupervision(Supervision.restart()));
    Inbox<Object> probe = Inbox.create(system, "fatal-probe");
    watch("fatal-watcher", deep, probe);
    deep.tell("fatal");
    Object signal = probe.next();
    assertThat(signal).isInstanceOf(Terminated.class);
    assertThat(((Terminated) signal).failure()).isInstanceOf(InternalError.class);
    long before = system.deadLetters().count();
    deep.tell("late");
    Await.until("the late message is a dead letter", Inbox.WAIT,
        () -> system.deadLetters().count() > before);
    assertThat(inbox.isEmpty()).as("no restart, so no preRestart").isTrue();
  }

  @Test
  void closeAfterStackOverflowsDoesNotWaitForAZombie() {
    ActorSystem own = ActorSystem.create("error-policy-close", EddyConfig.load(ConfigFactory
        .parseString("eddy.runtime.workers = 2\neddy.actor.shutdown-timeout = 1h")));
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      try {
        Inbox<String> inbox = Inbox.create(own, "inbox");
        ActorRef<String> stopping = own.spawn(() -> new Deep("postStop", new AtomicInteger(),
            inbox.ref), "in-post-stop");
        ActorRef<String> failing = own.spawn(() -> new Deep("receive", new AtomicInteger(),
            inbox.ref), "in-receive", Props.defaults()
            .withSupervision(Supervision.stop()));
        stopping.tell("a");
        failing.tell("boom");
        inbox.expect("a@1");
      } finally {
        own.close(); // its 1h timeout would fail the test if an actor never stopped
      }
    });
    assertThat(own.whenTerminated().toCompletableFuture()).isDone();
  }
}
