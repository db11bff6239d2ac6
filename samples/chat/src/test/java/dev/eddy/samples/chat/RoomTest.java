package dev.eddy.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.actor.ActorRef;
import dev.eddy.testkit.ActorTestKit;
import dev.eddy.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The room's rules, with probes as subscribers. */
class RoomTest {

  @RegisterExtension
  static final ActorTestKit testKit = ActorTestKit.create();

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private static int subscribers(ActorRef<Room.Command> room) throws Exception {
    return room.<Integer>ask(Room.CountSubscribers::new, ASK_TIMEOUT).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void aNewSubscriberGetsTheKeptMessagesThenNewOnes() {
    ActorRef<Room.Command> room = testKit.spawn(() -> new Room(2), "replay");
    room.tell(new Room.Post("ada", "one"));
    room.tell(new Room.Post("ada", "two"));
    room.tell(new Room.Post("bob", "three"));
    TestProbe<ChatMessage> probe = testKit.createTestProbe();
    room.tell(new Room.Join(probe.ref()::tell, 0));

    assertThat(probe.receiveMessage().text()).isEqualTo("two");   // history = 2: "one" is gone
    ChatMessage three = probe.receiveMessage();
    assertThat(three.id()).isEqualTo(3);
    assertThat(three.author()).isEqualTo("bob");
    room.tell(new Room.Post("cy", "four"));
    assertThat(probe.receiveMessage().id()).isEqualTo(4);
    probe.expectNoMessage();
  }

  @Test
  void aReconnectingSubscriberGetsOnlyWhatItMissed() {
    ActorRef<Room.Command> room = testKit.spawn(() -> new Room(10), "reconnect");
    for (int i = 1; i <= 4; i++) {
      room.tell(new Room.Post("ada", "m" + i));
    }
    TestProbe<ChatMessage> probe = testKit.createTestProbe();
    room.tell(new Room.Join(probe.ref()::tell, 2));
    assertThat(probe.receiveMessage().text()).isEqualTo("m3");
    assertThat(probe.receiveMessage().text()).isEqualTo("m4");
    probe.expectNoMessage();
  }

  @Test
  void everySubscriberGetsAPostUntilItLeaves() throws Exception {
    ActorRef<Room.Command> room = testKit.spawn(() -> new Room(10), "fan-out");
    TestProbe<ChatMessage> stays = testKit.createTestProbe();
    TestProbe<ChatMessage> leaves = testKit.createTestProbe();
    Room.Subscriber leaving = leaves.ref()::tell;   // the same instance joins and leaves
    room.tell(new Room.Join(stays.ref()::tell, 0));
    room.tell(new Room.Join(leaving, 0));
    room.tell(new Room.Post("ada", "hello"));
    assertThat(stays.receiveMessage().text()).isEqualTo("hello");
    assertThat(leaves.receiveMessage().text()).isEqualTo("hello");
    assertThat(subscribers(room)).isEqualTo(2);

    room.tell(new Room.Leave(leaving));
    room.tell(new Room.Post("ada", "bye"));
    assertThat(stays.receiveMessage().text()).isEqualTo("bye");
    leaves.expectNoMessage();
    assertThat(subscribers(room)).isEqualTo(1);
  }

  @Test
  void aFailingSubscriberIsDroppedAndTheRoomCarriesOn() throws Exception {
    ActorRef<Room.Command> room = testKit.spawn(() -> new Room(10), "failing");
    TestProbe<ChatMessage> healthy = testKit.createTestProbe();
    room.tell(new Room.Join(m -> {
      throw new IllegalStateException("broken subscriber");
    }, 0));
    room.tell(new Room.Join(healthy.ref()::tell, 0));
    room.tell(new Room.Post("ada", "one"));
    room.tell(new Room.Post("ada", "two"));
    assertThat(healthy.receiveMessage().id()).isEqualTo(1);
    assertThat(healthy.receiveMessage().id()).isEqualTo(2);   // history and ids survived
    assertThat(subscribers(room)).isEqualTo(1);
  }
}
