package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bounded mailboxes and their overflow policies. The actor under test is held inside its first
 * message by a latch (blocking one of the two workers on purpose) while the test fills its
 * mailbox, so the contents at overflow time are known exactly.
 */
class MailboxTest {

  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = Systems.create("mailbox");
  }

  @AfterAll
  static void stop() {
    system.close();
  }

  /** Blocks on "hold" until released; reports every other message. */
  record Held(ActorRef<String> ref, CountDownLatch entered, CountDownLatch release) {}

  static Held held(String name, Inbox<String> inbox, OverflowPolicy policy) throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<String> ref = system.spawn(Actors.<String>receive((ctx, m) -> {
      if (m.equals("hold")) {
        entered.countDown();
        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      } else {
        inbox.ref.tell(m);
      }
    }), name, Props.defaults().withMailbox(Mailbox.bounded(3, policy)));
    ref.tell("hold");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    return new Held(ref, entered, release);
  }

  @Test
  void dropNewestKeepsTheQueuedAndDeadLettersTheNew() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "newest-inbox");
    List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    AutoCloseable subscription = system.deadLetters().subscribe(dead::add);
    try {
      Held h = held("newest", inbox, OverflowPolicy.DROP_NEWEST);
      for (String m : List.of("1", "2", "3", "4", "5")) {
        h.ref().tell(m);
      }
      h.release().countDown();
      inbox.expect("1");
      inbox.expect("2");
      inbox.expect("3");
      assertThat(dead).extracting(DeadLetter::message).containsExactly("4", "5");
      assertThat(dead.get(0).reason()).contains("drop newest");
    } finally {
      subscription.close();
    }
  }

  @Test
  void dropOldestMakesRoomForTheNew() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "oldest-inbox");
    List<DeadLetter> dead = new CopyOnWriteArrayList<>();
    AutoCloseable subscription = system.deadLetters().subscribe(dead::add);
    try {
      Held h = held("oldest", inbox, OverflowPolicy.DROP_OLDEST);
      for (String m : List.of("1", "2", "3", "4", "5")) {
        h.ref().tell(m);
      }
      h.release().countDown();
      inbox.expect("3");
      inbox.expect("4");
      inbox.expect("5");
      assertThat(dead).extracting(DeadLetter::message).containsExactly("1", "2");
    } finally {
      subscription.close();
    }
  }

  @Test
  void failThrowsToTheSenderAndQueuesNothing() throws Exception {
    Inbox<String> inbox = Inbox.create(system, "fail-inbox");
    Held h = held("fail", inbox, OverflowPolicy.FAIL);
    for (String m : List.of("1", "2", "3")) {
      h.ref().tell(m);
    }
    assertThatThrownBy(() -> h.ref().tell("4")).isInstanceOf(MailboxOverflowException.class)
        .hasMessageContaining("eddy://mailbox/user/fail").hasMessageContaining("3 messages");
    h.release().countDown();
    inbox.expect("1");
    inbox.expect("2");
    inbox.expect("3");
    h.ref().tell("after"); // room again
    inbox.expect("after");
  }

  @Test
  void unboundedIsTheDefault() {
    assertThat(Props.defaults().mailbox().isBounded()).isFalse();
    assertThatThrownBy(() -> Mailbox.bounded(0, OverflowPolicy.FAIL))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
