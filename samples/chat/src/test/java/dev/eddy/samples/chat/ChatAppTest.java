package dev.eddy.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.http.App;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.testkit.ActorTestKit;
import dev.eddy.testkit.TestProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP side in memory ({@code app.handle}): validation, and what reaches the room. */
class ChatAppTest {

  @RegisterExtension
  static final ActorTestKit testKit = ActorTestKit.create();

  /** Small limits, so that the tests can cross them. */
  private static final ChatSettings SETTINGS = new ChatSettings(10, 8, 20, 4,
      Duration.ofSeconds(1));

  private TestProbe<Room.Command> room;
  private App<Void> app;

  @BeforeEach
  void setUp() {
    room = testKit.createTestProbe();
    app = Chat.app(room.ref(), SETTINGS);
  }

  private Response call(Request.Builder request) throws Exception {
    return app.handle(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aValidPostReachesTheRoomTrimmed() throws Exception {
    Response r = call(Request.post("/messages")
        .json(Map.of("author", "  ada ", "text", "hello, room\n")));
    assertThat(r.status()).isEqualTo(202);
    room.expectMessage(new Room.Post("ada", "hello, room"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"text":"hi"}                              | author: required, a non-blank string
      {"author":"  ","text":"hi"}                | author: required, a non-blank string
      {"author":"ada"}                           | text: required, a non-blank string
      {"author":"ada","text":""}                 | text: required, a non-blank string
      {"author":"ada","text":"012345678901234567890"} | text: 21 characters, at most 20 allowed
      {"author":"ada lovelace","text":"hi"}      | author: 12 characters, at most 8 allowed
      {"author":"a\\u0007b","text":"hi"}          | author: control characters are not allowed
      null                                       | expected a JSON object
      {"author":"ada","text":"hi","to":"bob"}    | unknown field 'to'
      {"author":                                 | request body is not JSON: malformed JSON
      """)
  void aBadPostIs400SayingWhatIsWrong(String body, String reason) throws Exception {
    Response r = call(Request.post("/messages").header("Content-Type", "application/json")
        .body(body));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyString()).contains(reason);
    room.expectNoMessage(Duration.ofMillis(20));
  }

  @Test
  void thePageStreamsEventsAndPosts() throws Exception {
    Response r = call(Request.get("/"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.bodyString()).contains("new EventSource('/events')", "fetch('/messages'");
  }

  @Test
  void lastEventIdFallsBackToEverything() {
    assertThat(Chat.lastEventId(null)).isZero();
    assertThat(Chat.lastEventId(" 42 ")).isEqualTo(42);
    assertThat(Chat.lastEventId("-3")).isZero();
    assertThat(Chat.lastEventId("yesterday")).isZero();
  }
}
