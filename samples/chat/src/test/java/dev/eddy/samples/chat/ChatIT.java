package dev.eddy.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.actor.ActorRef;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole chat over loopback: event streams, posts, leaving, shutdown. */
class ChatIT {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private static Chat.Running start() {
    return Chat.start(ChatSettings.load(), new InetSocketAddress("127.0.0.1", 0));
  }

  private static int post(Chat.Running chat, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + chat.address().getPort() + "/messages"))
        .header("Content-Type", "application/json")
        .timeout(DEADLINE)
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Asks the room until it has {@code expected} subscribers, or fails at the deadline. */
  private static void awaitSubscribers(ActorRef<Room.Command> room, int expected)
      throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    int seen;
    do {
      seen = room.<Integer>ask(Room.CountSubscribers::new, DEADLINE).toCompletableFuture()
          .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } while (seen != expected && System.nanoTime() < deadline);
    assertThat(seen).as("subscribers of the room").isEqualTo(expected);
  }

  @Test
  void twoClientsReceiveAPostAndAClosedOneLeavesTheRoom() throws Exception {
    try (Chat.Running chat = start();
        EventStream alice = EventStream.open(chat.address(), null);
        EventStream bob = EventStream.open(chat.address(), null)) {
      awaitSubscribers(chat.room(), 2);

      assertThat(post(chat, "{\"author\":\"ada\",\"text\":\"hello over the wire\"}"))
          .isEqualTo(202);
      for (EventStream client : new EventStream[] {alice, bob}) {
        assertThat(client.awaitText("hello over the wire", DEADLINE))
            .contains("id: 1\ndata: {", "\"id\":1", "\"author\":\"ada\"",
                "\"text\":\"hello over the wire\"", "\"sentAt\":")
            .startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream");
      }

      bob.close();   // the browser tab goes away
      awaitSubscribers(chat.room(), 1);
    }
  }

  @Test
  void aLateClientGetsTheHistoryAndAReconnectOnlyWhatItMissed() throws Exception {
    try (Chat.Running chat = start()) {
      assertThat(post(chat, "{\"author\":\"ada\",\"text\":\"first\"}")).isEqualTo(202);
      assertThat(post(chat, "{\"author\":\"bob\",\"text\":\"second\"}")).isEqualTo(202);
      try (EventStream late = EventStream.open(chat.address(), null)) {
        assertThat(late.awaitText("second", DEADLINE)).contains("first");
      }
      try (EventStream reconnected = EventStream.open(chat.address(), "1")) {
        assertThat(reconnected.awaitText("second", DEADLINE)).doesNotContain("first");
      }
    }
  }

  @Test
  void aBadPostIsRefusedOverTheWireToo() throws Exception {
    try (Chat.Running chat = start()) {
      assertThat(post(chat, "{\"author\":\"ada\"}")).isEqualTo(400);
    }
  }

  @Test
  void stoppingTheChatEndsOpenStreams() throws Exception {
    Chat.Running chat = start();
    try (EventStream client = EventStream.open(chat.address(), null)) {
      awaitSubscribers(chat.room(), 1);
      chat.close();            // must not wait for the client to hang up
      client.awaitEnd(DEADLINE);
    } finally {
      chat.close();            // a second close returns at once
    }
  }
}
