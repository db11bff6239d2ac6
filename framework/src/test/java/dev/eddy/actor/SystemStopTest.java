package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ActorSystem.stop(ref)}: stopping any actor from outside, as Pekko classic does. */
class SystemStopTest {

  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = Systems.create("system-stop");
  }

  @AfterAll
  static void stop() {
    system.close();
  }

  /** Notes its postStop in {@code stops}; spawns one child named "kid" if {@code withKid}. */
  static Actor<String> noting(List<String> stops, boolean withKid) {
    return new Actor<String>() {
      @Override
      protected void preStart() {
        if (withKid) {
          context().spawn(() -> noting(stops, false), "kid");
        }
      }

      @Override
      protected void receive(String message) {}

      @Override
      protected void postStop() {
        stops.add(context().self().path().name());
      }
    };
  }

  /** An inbox that watches {@code target}: its next item is the Terminated signal. */
  static Inbox<Object> watching(ActorRef<?> target, String name) throws Exception {
    Inbox<Object> probe = Inbox.create(system, name + "-probe");
    system.spawn(() -> new Actor<String>() {
      @Override
      protected void preStart() {
        context().watch(target);
        probe.ref.tell("watching");
      }

      @Override
      protected void receive(String message) {}

      @Override
      protected void onSignal(Signal signal) {
        probe.ref.tell(signal);
      }
    }, name + "-watcher");
    probe.expect("watching");
    return probe;
  }

  @Test
  void stopsATopLevelActorChildrenFirstAndTellsItsWatchers() throws Exception {
    List<String> stops = new CopyOnWriteArrayList<>();
    ActorRef<String> parent = system.spawn(() -> noting(stops, true), "parent");
    Inbox<Object> probe = watching(parent, "parent");

    system.stop(parent);

    assertThat(probe.next()).isInstanceOfSatisfying(Terminated.class,
        t -> assertThat(t.ref()).isEqualTo(parent));
    assertThat(stops).containsExactly("kid", "parent");
    long before = system.deadLetters().count();
    parent.tell("anyone?");
    assertThat(system.deadLetters().count()).isEqualTo(before + 1);
  }

  @Test
  void stopsAnActorDeeperInTheTreeToo() throws Exception {
    List<String> stops = new CopyOnWriteArrayList<>();
    Inbox<ActorRef<String>> kids = Inbox.create(system, "kid-refs");
    system.spawn(() -> new Actor<String>() {
      @Override
      protected void preStart() {
        kids.ref.tell(context().spawn(() -> noting(stops, false), "kid"));
      }

      @Override
      protected void receive(String message) {}
    }, "holder");
    @SuppressWarnings("unchecked")
    ActorRef<String> kid = (ActorRef<String>) kids.next();
    Inbox<Object> probe = watching(kid, "kid");

    system.stop(kid);

    assertThat(probe.next()).isInstanceOf(Terminated.class);
    assertThat(stops).containsExactly("kid");
  }

  @Test
  void stoppingAStoppedActorIsANoOp() throws Exception {
    List<String> stops = new CopyOnWriteArrayList<>();
    ActorRef<String> once = system.spawn(() -> noting(stops, false), "once");
    Inbox<Object> probe = watching(once, "once");
    system.stop(once);
    assertThat(probe.next()).isInstanceOf(Terminated.class);

    system.stop(once);
    system.stop(once);

    assertThat(stops).containsExactly("once");
  }

  @Test
  void aRefOfAnotherSystemIsRefusedNamingBoth() {
    try (ActorSystem other = Systems.create("other")) {
      ActorRef<String> foreign = other.spawn(() -> noting(new CopyOnWriteArrayList<>(), false),
          "foreign");
      assertThatThrownBy(() -> system.stop(foreign))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("eddy://other/user/foreign")
          .hasMessageContaining("system-stop");
    }
  }
}
