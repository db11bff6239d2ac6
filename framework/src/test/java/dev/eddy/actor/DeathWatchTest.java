package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** watch / unwatch / Terminated, on stop and on failure, before and after the death. */
class DeathWatchTest {

  sealed interface Cmd permits Watch, Unwatch, StopChild, SpawnChild, Say {}

  record Watch(ActorRef<?> target) implements Cmd {}

  record Unwatch(ActorRef<?> target) implements Cmd {}

  record StopChild(ActorRef<?> child) implements Cmd {}

  record SpawnChild(String name, ActorRef<ActorRef<String>> replyTo) implements Cmd {}

  record Say(String text) implements Cmd {}

  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = Systems.create("death-watch");
  }

  @AfterAll
  static void stop() {
    system.close();
  }

  /** A watcher that reports signals and "said" texts to an inbox, in its own order. */
  static ActorRef<Cmd> watcher(Inbox<Object> inbox, String name) {
    return system.spawn(() -> new Actor<Cmd>() {
      @Override
      protected void receive(Cmd message) {
        if (message instanceof Watch w) {
          context().watch(w.target());
        } else if (message instanceof Unwatch u) {
          context().unwatch(u.target());
        } else if (message instanceof StopChild s) {
          context().stop(s.child());
        } else if (message instanceof SpawnChild s) {
          s.replyTo().tell(context().spawn(Actors.<String>receive((ctx, m) -> {
            if (m.equals("stop")) {
              ctx.stop(ctx.self());
            } else {
              throw new IllegalArgumentException(m);
            }
          }), s.name(), Props.defaults().withSupervision(Supervision.stop())));
        } else if (message instanceof Say s) {
          inbox.ref.tell(s.text());
        }
      }

      @Override
      protected void onSignal(Signal signal) {
        inbox.ref.tell(signal);
      }
    }, name);
  }

  static ActorRef<String> target(String name) {
    return system.spawn(Actors.<String>receive((ctx, m) -> {
      if (m.equals("stop")) {
        ctx.stop(ctx.self());
      } else if (m.equals("fail")) {
        throw new IllegalStateException("target failed");
      }
    }), name, Props.defaults().withSupervision(Supervision.stop()));
  }

  @Test
  void terminatedOnStop() throws Exception {
    Inbox<Object> inbox = Inbox.create(system, "stop-inbox");
    ActorRef<Cmd> w = watcher(inbox, "stop-watcher");
    ActorRef<String> t = target("stop-target");
    w.tell(new Watch(t));
    w.tell(new Say("watching"));
    inbox.expect("watching");
    t.tell("stop");
    assertThat(inbox.next()).isEqualTo(new Terminated(t, null));
  }

  @Test
  void terminatedOnFailureCarriesTheCause() throws Exception {
    Inbox<Object> inbox = Inbox.create(system, "fail-inbox");
    ActorRef<Cmd> w = watcher(inbox, "fail-watcher");
    ActorRef<String> t = target("fail-target");
    w.tell(new Watch(t));
    w.tell(new Say("watching"));
    inbox.expect("watching");
    t.tell("fail");
    Terminated terminated = (Terminated) inbox.next();
    assertThat(terminated.ref()).isEqualTo(t);
    assertThat(terminated.failure()).hasMessage("target failed");
  }

  @Test
  void watchingAnActorThatAlreadyStoppedSignalsAtOnce() throws Exception {
    Inbox<Object> inbox = Inbox.create(system, "late-inbox");
    ActorRef<Cmd> w = watcher(inbox, "late-watcher");
    ActorRef<String> t = target("late-target");
    Inbox<Object> first = Inbox.create(system, "late-first-inbox");
    ActorRef<Cmd> firstWatcher = watcher(first, "late-first");
    firstWatcher.tell(new Watch(t));
    firstWatcher.tell(new Say("ok"));
    first.expect("ok");
    t.tell("stop");
    first.next(); // it is dead now
    w.tell(new Watch(t));
    assertThat(inbox.next()).isEqualTo(new Terminated(t, null));
  }

  @Test
  void unwatchedActorsGiveNoSignal() throws Exception {
    Inbox<Object> inbox = Inbox.create(system, "unwatch-inbox");
    ActorRef<Cmd> w = watcher(inbox, "unwatch-watcher");
    ActorRef<String> t = target("unwatch-target");
    w.tell(new Watch(t));
    w.tell(new Unwatch(t));
    t.tell("stop");
    // A second, still-watched target stops after the first: its signal comes, the first's never.
    ActorRef<String> other = target("unwatch-other");
    w.tell(new Watch(other));
    Inbox<Object> sync = Inbox.create(system, "unwatch-sync");
    ActorRef<Cmd> syncWatcher = watcher(sync, "unwatch-sync-watcher");
    syncWatcher.tell(new Watch(t));
    assertThat(sync.next()).isEqualTo(new Terminated(t, null)); // t is certainly dead now
    other.tell("stop");
    assertThat(inbox.next()).isEqualTo(new Terminated(other, null));
    assertThat(inbox.isEmpty()).isTrue();
  }

  @Test
  void parentStopsAndWatchesItsChild() throws Exception {
    Inbox<Object> inbox = Inbox.create(system, "child-inbox");
    ActorRef<Cmd> parent = watcher(inbox, "parent");
    ActorRef<String> child = parent.<ActorRef<String>>ask(r -> new SpawnChild("kid", r),
        Duration.ofSeconds(10)).toCompletableFuture().get();
    parent.tell(new Watch(child));
    parent.tell(new StopChild(child));
    assertThat(inbox.next()).isEqualTo(new Terminated(child, null));
  }

  @Test
  void stoppingSomethingElseThanSelfOrAChildIsRefused() throws Exception {
    ActorRef<String> stranger = target("stranger");
    java.util.concurrent.CompletableFuture<Throwable> refused =
        new java.util.concurrent.CompletableFuture<>();
    system.spawn(() -> new Actor<String>() {
      @Override
      protected void preStart() {
        try {
          context().stop(stranger);
          refused.complete(null);
        } catch (IllegalArgumentException e) {
          refused.complete(e);
        }
      }

      @Override
      protected void receive(String message) {}
    }, "stopper");
    assertThat(refused.get()).isInstanceOf(IllegalArgumentException.class);
  }
}
