package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.time.TestClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keyed timers on manual time: single, fixed rate, fixed delay, replace, cancel, stop. */
class TimersTest {

  sealed interface Cmd permits Start, Cancel, Tick, Active, StopSelf {}

  record Start(String kind, String key, Duration d) implements Cmd {}

  record Cancel(String key) implements Cmd {}

  record Tick(String text) implements Cmd {}

  record Active(String key) implements Cmd {}

  record StopSelf() implements Cmd {}

  private TestClock clock;
  private ActorSystem system;
  private Inbox<String> inbox;
  private ActorRef<Cmd> actor;

  @BeforeEach
  void start() throws Exception {
    clock = new TestClock();
    system = Systems.manual("timers", clock);
    inbox = Inbox.create(system, "inbox");
    actor = system.spawn(() -> new Actor<Cmd>() {
      @Override
      protected void receive(Cmd m) {
        TimerScheduler<Cmd> timers = context().timers();
        if (m instanceof Start s) {
          Tick tick = new Tick(s.key() + "@" + s.kind());
          switch (s.kind()) {
            case "single" -> timers.startSingleTimer(s.key(), tick, s.d());
            case "rate" -> timers.startTimerAtFixedRate(s.key(), tick, s.d());
            default -> timers.startTimerWithFixedDelay(s.key(), tick, s.d());
          }
          inbox.ref.tell("started " + s.key());
        } else if (m instanceof Cancel c) {
          timers.cancel(c.key());
          inbox.ref.tell("cancelled " + c.key());
        } else if (m instanceof Tick t) {
          inbox.ref.tell(t.text() + " at " + clock.elapsed().toMillis());
        } else if (m instanceof Active a) {
          inbox.ref.tell(a.key() + " active " + timers.isTimerActive(a.key()));
        } else if (m instanceof StopSelf) {
          context().stop(context().self());
        }
      }

      @Override
      protected void postStop() {
        inbox.ref.tell("stopped");
      }
    }, "timed");
  }

  @AfterEach
  void stop() {
    system.close();
  }

  private void send(Cmd c, String ack) throws Exception {
    actor.tell(c);
    inbox.expect(ack);
  }

  private void advance(long ms) {
    clock.advance(Duration.ofMillis(ms));
  }

  @Test
  void singleTimerFiresOnceAfterItsDelay() throws Exception {
    send(new Start("single", "a", Duration.ofMillis(100)), "started a");
    advance(99);
    send(new Active("a"), "a active true");
    advance(1);
    inbox.expect("a@single at 100");
    send(new Active("a"), "a active false");
    advance(1_000);
    send(new Active("a"), "a active false"); // and no second tick before this reply
  }

  @Test
  void fixedRateTicksEveryInterval() throws Exception {
    send(new Start("rate", "r", Duration.ofMillis(10)), "started r");
    for (int i = 1; i <= 3; i++) {
      advance(10);
      inbox.expect("r@rate at " + (10 * i));
    }
    send(new Cancel("r"), "cancelled r");
    advance(100);
    send(new Active("r"), "r active false");
  }

  @Test
  void fixedDelayCountsFromEachDelivery() throws Exception {
    send(new Start("delay", "d", Duration.ofMillis(10)), "started d");
    advance(10);
    inbox.expect("d@delay at 10");
    advance(10);
    inbox.expect("d@delay at 20");
    send(new Cancel("d"), "cancelled d");
  }

  @Test
  void startingAKeyAgainReplacesTheTimer() throws Exception {
    send(new Start("single", "k", Duration.ofMillis(10)), "started k");
    send(new Start("single", "k", Duration.ofMillis(50)), "started k");
    advance(10);
    send(new Active("k"), "k active true"); // the first one did not fire
    advance(40);
    inbox.expect("k@single at 50");
  }

  @Test
  void aTickQueuedBeforeCancelIsNotDelivered() throws Exception {
    // Fire the timer while the actor is busy with a message queued before the tick, then cancel
    // in that message: the tick is already in the mailbox but must be dropped.
    send(new Start("single", "c", Duration.ofMillis(10)), "started c");
    actor.tell(new Cancel("c"));
    advance(10); // the tick may land before or after the Cancel: either way it is not delivered
    inbox.expect("cancelled c");
    send(new Active("c"), "c active false");
    assertThat(inbox.isEmpty()).isTrue();
  }

  @Test
  void timersAreCancelledWhenTheActorStops() throws Exception {
    send(new Start("rate", "s", Duration.ofMillis(10)), "started s");
    send(new Start("single", "t", Duration.ofMillis(30)), "started t");
    actor.tell(new StopSelf());
    inbox.expect("stopped");
    long before = system.deadLetters().count();
    advance(100);
    assertThat(inbox.poll(Duration.ofMillis(50))).isNull();
    assertThat(system.deadLetters().count()).isEqualTo(before); // not even dead letters
  }

  @Test
  void aFixedRateTimerQueuesAtMostOneTickForABusyActor() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<String> busy = system.spawn(() -> new Actor<String>() {
      private int ticks;

      @Override
      protected void receive(String m) throws Exception {
        switch (m) {
          case "hold" -> {
            context().timers().startTimerAtFixedRate("t", "tick", Duration.ofMillis(10));
            entered.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
          }
          case "tick" -> ticks++;
          default -> inbox.ref.tell("ticks " + ticks);
        }
      }
    }, "busy", Props.defaults().withMailbox(Mailbox.bounded(4, OverflowPolicy.DROP_NEWEST)));
    busy.tell("hold");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 200; i++) {
      advance(10); // each period hands one tick to a worker while the actor is held
    }
    release.countDown();
    busy.tell("report");
    String report = (String) inbox.next();
    // One tick queued while held, and perhaps one more handed out before it was taken.
    assertThat(Integer.parseInt(report.substring("ticks ".length()))).isBetween(1, 2);
  }
}
