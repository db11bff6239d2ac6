package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** stash / unstashAll, and the stash across a restart and at its capacity. */
class StashTest {

  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("stash", EddyConfig.load(ConfigFactory.parseString(
        "eddy.runtime.workers = 2\neddy.actor.stash-capacity = 3")));
  }

  @AfterAll
  static void stop() {
    system.close();
  }

  /** Stashes everything until "open", then handles in order; "fail" throws. */
  static final class Gate extends Actor<String> {
    private final ActorRef<String> out;
    private boolean open;

    Gate(ActorRef<String> out) {
      this.out = out;
    }

    @Override
    protected void receive(String m) {
      if (m.equals("open")) {
        open = true;
        out.tell("opened with " + context().stashSize() + " stashed");
        context().unstashAll();
      } else if (m.equals("fail")) {
        throw new IllegalStateException("fail");
      } else if (!open) {
        context().stash(m);
      } else {
        out.tell(m);
      }
    }
  }

  @Test
  void unstashAllReplaysInOrderAheadOfNewerMessages() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "order-inbox");
    ActorRef<String> gate = system.spawn(() -> new Gate(inbox.ref), "order");
    gate.tell("a");
    gate.tell("b");
    gate.tell("open");
    gate.tell("c");
    inbox.expect("opened with 2 stashed");
    inbox.expect("a");
    inbox.expect("b");
    inbox.expect("c");
  }

  @Test
  void stashedMessagesSurviveARestart() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "restart-inbox");
    ActorRef<String> gate = system.spawn(() -> new Gate(inbox.ref), "restart");
    gate.tell("a");
    gate.tell("fail");
    gate.tell("open");
    // The new instance gets "a" back first (and, closed, stashes it again), then "open".
    inbox.expect("opened with 1 stashed");
    inbox.expect("a");
  }

  @Test
  void aFullStashFailsTheActor() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "full-inbox");
    ActorRef<String> gate = system.spawn(() -> new Gate(inbox.ref), "full",
        Props.defaults().withSupervision(Supervision.resume()));
    for (String m : new String[] {"1", "2", "3", "4", "open"}) {
      gate.tell(m);
    }
    inbox.expect("opened with 3 stashed");
    inbox.expect("1");
    inbox.expect("2");
    inbox.expect("3");
    assertThat(inbox.poll(java.time.Duration.ofMillis(50))).isNull();
  }
}
