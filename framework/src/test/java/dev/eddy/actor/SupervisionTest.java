package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.time.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Restart (mailbox kept, limit, backoff on manual time), resume, stop, escalate. */
class SupervisionTest {

  /** "fail" throws; anything else is reported with the incarnation number. */
  static final class Flaky extends Actor<String> {
    private final int incarnation;
    private final ActorRef<String> report;
    private int handled;

    Flaky(AtomicInteger incarnations, ActorRef<String> report) {
      this.incarnation = incarnations.incrementAndGet();
      this.report = report;
    }

    @Override
    protected void receive(String message) {
      if (message.equals("fail")) {
        throw new IllegalStateException("failing on purpose");
      }
      handled++;
      report.tell(message + "@" + incarnation + "#" + handled);
    }

    @Override
    protected void preRestart(Throwable cause) {
      report.tell("preRestart@" + incarnation + ":" + cause.getMessage());
    }

    @Override
    protected void postStop() {
      report.tell("postStop@" + incarnation);
    }
  }

  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = Systems.create("supervision");
  }

  @AfterAll
  static void stop() {
    system.close();
  }

  @Test
  void restartReplacesTheInstanceKeepsTheMailboxAndDropsTheFailingMessage() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "restart-inbox");
    AtomicInteger incarnations = new AtomicInteger();
    ActorRef<String> flaky = system.spawn(() -> new Flaky(incarnations, inbox.ref), "restart");
    flaky.tell("a");
    flaky.tell("fail");
    flaky.tell("b"); // queued behind the failure: must survive it
    flaky.tell("c");
    inbox.expect("a@1#1");
    inbox.expect("preRestart@1:failing on purpose");
    inbox.expect("b@2#1"); // a fresh instance: its own count starts again
    inbox.expect("c@2#2");
  }

  @Test
  void resumeKeepsTheInstanceAndItsState() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "resume-inbox");
    AtomicInteger incarnations = new AtomicInteger();
    ActorRef<String> flaky = system.spawn(() -> new Flaky(incarnations, inbox.ref), "resume",
        Props.defaults().withSupervision(Supervision.resume()));
    flaky.tell("a");
    flaky.tell("fail");
    flaky.tell("b");
    inbox.expect("a@1#1");
    inbox.expect("b@1#2");
  }

  @Test
  void stopEndsTheActorAndItsWatcherSeesTheFailure() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "stop-inbox");
    AtomicInteger incarnations = new AtomicInteger();
    ActorRef<String> flaky = system.spawn(() -> new Flaky(incarnations, inbox.ref), "stop",
        Props.defaults().withSupervision(Supervision.stop()));
    Inbox<Object> watcher = watcher(flaky, "stop-watcher");
    flaky.tell("fail");
    inbox.expect("postStop@1");
    Terminated t = (Terminated) watcher.next();
    assertThat(t.ref()).isEqualTo(flaky);
    assertThat(t.failure()).isInstanceOf(IllegalStateException.class);
    long before = system.deadLetters().count();
    flaky.tell("after");
    assertThat(system.deadLetters().count()).isEqualTo(before + 1);
  }

  @Test
  void restartLimitStopsTheActorAfterMaxRestarts() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "limit-inbox");
    AtomicInteger incarnations = new AtomicInteger();
    ActorRef<String> flaky = system.spawn(() -> new Flaky(incarnations, inbox.ref), "limit",
        Props.defaults().withSupervision(
            Supervision.restart().withLimit(2, Duration.ofDays(1))));
    Inbox<Object> watcher = watcher(flaky, "limit-watcher");
    for (int i = 0; i < 3; i++) {
      flaky.tell("fail");
    }
    inbox.expect("preRestart@1:failing on purpose");
    inbox.expect("preRestart@2:failing on purpose");
    inbox.expect("postStop@3");
    assertThat(((Terminated) watcher.next()).failed()).isTrue();
    assertThat(incarnations).hasValue(3);
  }

  @Test
  void escalateStopsTheChildAndFailsTheParentWhichRestarts() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "escalate-inbox");
    AtomicInteger parents = new AtomicInteger();
    AtomicInteger children = new AtomicInteger();
    ActorRef<String> parent = system.spawn(() -> new Actor<String>() {
      private final int incarnation = parents.incrementAndGet();
      private ActorRef<String> child;

      @Override
      protected void preStart() {
        child = context().spawn(() -> new Flaky(children, inbox.ref), "child",
            Props.defaults().withSupervision(Supervision.escalate()));
        inbox.ref.tell("parent started @" + incarnation);
      }

      @Override
      protected void receive(String message) {
        child.tell(message);
      }
    }, "escalating-parent");
    inbox.expect("parent started @1");
    parent.tell("fail");
    inbox.expect("postStop@1"); // the child stopped...
    inbox.expect("parent started @2"); // ...and the parent was restarted with a new child
    parent.tell("x");
    inbox.expect("x@2#1");
  }

  @Test
  void escalateFromATopLevelActorStopsOnlyThatActor() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "top-escalate-inbox");
    AtomicInteger incarnations = new AtomicInteger();
    ActorRef<String> top = system.spawn(() -> new Flaky(incarnations, inbox.ref), "top-escalate",
        Props.defaults().withSupervision(Supervision.escalate()));
    Inbox<Object> watcher = watcher(top, "top-escalate-watcher");
    top.tell("fail");
    inbox.expect("postStop@1");
    assertThat(((Terminated) watcher.next()).failed()).isTrue();
    // The guardian absorbed it: the rest of the system goes on.
    ActorRef<String> other = system.spawn(() -> new Flaky(new AtomicInteger(), inbox.ref),
        "after-top-escalate");
    other.tell("alive");
    inbox.expect("alive@1#1");
  }

  @Test
  void restartStopsChildrenBeforeTheNewInstanceStarts() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "restart-children-inbox");
    AtomicInteger children = new AtomicInteger();
    ActorRef<String> parent = system.spawn(() -> new Actor<String>() {
      @Override
      protected void preStart() {
        // Same name each incarnation: only possible once the old child has stopped.
        context().spawn(() -> new Flaky(children, inbox.ref), "child");
        inbox.ref.tell("children " + context().children().size());
      }

      @Override
      protected void receive(String message) {
        throw new IllegalStateException(message);
      }
    }, "restarting-parent");
    inbox.expect("children 1");
    parent.tell("boom");
    inbox.expect("postStop@1");
    inbox.expect("children 1");
  }

  @Test
  void backoffDelaysEachRestartExponentiallyOnManualTime() throws Exception {
    TestClock clock = new TestClock();
    ActorSystem manual = Systems.manual("backoff", clock);
    try {
      Inbox<String> inbox = Inbox.create(manual, "inbox");
      List<String> started = new CopyOnWriteArrayList<>();
      AtomicInteger incarnations = new AtomicInteger();
      ActorRef<String> flaky = manual.spawn(() -> {
        started.add("@" + clock.elapsed().toMillis());
        return new Flaky(incarnations, inbox.ref);
      }, "flaky", Props.defaults().withSupervision(Supervision.restart()
          .withLimit(10, Duration.ofDays(1))
          .withBackoff(Duration.ofMillis(100), Duration.ofMillis(300))));

      flaky.tell("fail");
      flaky.tell("kept");
      inbox.expect("preRestart@1:failing on purpose");
      assertThat(inbox.poll(Duration.ofMillis(50))).as("nothing before the backoff").isNull();
      clock.advance(Duration.ofMillis(99));
      assertThat(inbox.poll(Duration.ofMillis(50))).as("nothing before 100 ms").isNull();
      clock.advance(Duration.ofMillis(1));
      inbox.expect("kept@2#1");

      flaky.tell("fail"); // second restart of the window: 200 ms
      inbox.expect("preRestart@2:failing on purpose");
      clock.advance(Duration.ofMillis(199));
      flaky.tell("waiting");
      assertThat(inbox.poll(Duration.ofMillis(50))).isNull();
      clock.advance(Duration.ofMillis(1));
      inbox.expect("waiting@3#1");

      flaky.tell("fail"); // third: 400 ms capped at 300 ms
      inbox.expect("preRestart@3:failing on purpose");
      clock.advance(Duration.ofMillis(299));
      flaky.tell("capped");
      assertThat(inbox.poll(Duration.ofMillis(50))).isNull();
      clock.advance(Duration.ofMillis(1));
      inbox.expect("capped@4#1");
      assertThat(started).containsExactly("@0", "@100", "@300", "@600");
    } finally {
      manual.close();
    }
  }

  static Inbox<Object> watcher(ActorRef<?> target, String name) throws Exception {
    Inbox<Object> inbox = Inbox.create(system, name + "-inbox");
    system.spawn(() -> new Actor<Object>() {
      @Override
      protected void preStart() {
        context().watch(target);
        inbox.ref.tell("watching");
      }

      @Override
      protected void receive(Object message) {}

      @Override
      protected void onSignal(Signal signal) {
        inbox.ref.tell(signal);
      }
    }, name);
    inbox.expect("watching");
    return inbox;
  }
}
