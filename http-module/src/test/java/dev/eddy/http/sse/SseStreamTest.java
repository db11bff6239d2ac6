package dev.eddy.http.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.http.App;
import dev.eddy.http.HttpError;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.Sse;
import dev.eddy.sync.ChannelClosedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Event framing, buffering and closing, in memory. */
class SseStreamTest {

  private static String next(SseStream s) throws Exception {
    Optional<ByteBuffer> b = s.read().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return b.map(buf -> StandardCharsets.UTF_8.decode(buf).toString()).orElse(null);
  }

  @Test
  void framesEvents() throws Exception {
    SseStream s = new SseStream(16);
    s.send("hello");
    s.send("greeting", "hi");
    s.send("7", "greeting", "hey");
    s.send("7", null, "x");
    s.send("");
    assertThat(next(s)).isEqualTo("data: hello\n\n");
    assertThat(next(s)).isEqualTo("event: greeting\ndata: hi\n\n");
    assertThat(next(s)).isEqualTo("id: 7\nevent: greeting\ndata: hey\n\n");
    assertThat(next(s)).isEqualTo("id: 7\ndata: x\n\n");
    assertThat(next(s)).isEqualTo("data: \n\n");
  }

  @Test
  void splitsDataOnEveryKindOfLineBreak() throws Exception {
    SseStream s = new SseStream(4);
    s.send("a\nb\r\nc\rd\n");
    assertThat(next(s)).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\ndata: \n\n");
    s.send("x\r\n\r\ny");
    assertThat(next(s)).isEqualTo("data: x\ndata: \ndata: y\n\n");
  }

  @Test
  void commentsAndRetry() throws Exception {
    SseStream s = new SseStream(4);
    s.comment("keep-alive");
    s.comment("two\nlines");
    s.retry(Duration.ofSeconds(3));
    assertThat(next(s)).isEqualTo(": keep-alive\n");
    assertThat(next(s)).isEqualTo(": two\n: lines\n");
    assertThat(next(s)).isEqualTo("retry: 3000\n\n");
    assertThatThrownBy(() -> s.retry(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
  }

  @Test
  void refusesLineBreaksInIdAndEvent() {
    SseStream s = new SseStream(4);
    assertThatThrownBy(() -> s.send("a\nb", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a\\nb");
    assertThatThrownBy(() -> s.send("a\rb", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.send("1\n", "e", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.send("1\0", "e", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.send(null)).isInstanceOf(NullPointerException.class);
    assertThat(s.isClosed()).isFalse();
  }

  @Test
  void sendWaitsForRoomInTheBuffer() throws Exception {
    SseStream s = new SseStream(2);
    assertThat(s.send("1").toCompletableFuture()).isCompleted();
    assertThat(s.send("2").toCompletableFuture()).isCompleted();
    CompletableFuture<Void> third = s.send("3").toCompletableFuture();
    assertThat(third).isNotDone();
    assertThat(next(s)).isEqualTo("data: 1\n\n");
    assertThat(third).isCompleted();
  }

  @Test
  void closeEndsTheStreamAfterTheBufferedEvents() throws Exception {
    SseStream s = new SseStream(4);
    s.send("last");
    CompletableFuture<Void> closed = s.whenClosed().toCompletableFuture();
    assertThat(closed).isNotDone();
    s.close();
    assertThat(closed).isCompleted();
    assertThat(s.isClosed()).isTrue();
    assertThat(next(s)).isEqualTo("data: last\n\n");
    assertThat(next(s)).isNull();
    assertThatThrownBy(() -> s.send("late").toCompletableFuture().get())
        .hasCauseInstanceOf(ChannelClosedException.class);
  }

  @Test
  void cancelByTheServerFailsWaitingSendsAndCompletesWhenClosed() throws Exception {
    SseStream s = new SseStream(1);
    s.send("1");
    CompletableFuture<Void> waiting = s.send("2").toCompletableFuture();
    s.cancel();
    assertThat(s.whenClosed().toCompletableFuture()).isCompleted();
    assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ChannelClosedException.class);
    assertThat(next(s)).isNull(); // buffered events dropped
  }

  @Test
  void whenClosedCannotBeCompletedByUsers() {
    SseStream s = new SseStream(1);
    s.whenClosed().toCompletableFuture().complete(null); // completes a copy only
    assertThat(s.isClosed()).isFalse();
    assertThat(s.whenClosed().toCompletableFuture()).isNotDone();
  }

  @Test
  void theRouteAnswersAnEventStream() throws Exception {
    App<Void> app = App.create();
    AtomicReference<String> lastId = new AtomicReference<>();
    app.at("/events").sse((req, sse) -> {
      lastId.set(req.header("Last-Event-ID"));
      sse.send("1", "tick", "one");
      sse.close();
    });
    Response r = app.handle(Request.get("/events").header("Last-Event-ID", "0"))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
    assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(r.body().length()).isEqualTo(-1);
    assertThat(r.body().string().toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isEqualTo("id: 1\nevent: tick\ndata: one\n\n");
    assertThat(lastId.get()).isEqualTo("0");
    Response post = app.handle(Request.post("/events")).toCompletableFuture().get();
    assertThat(post.status()).isEqualTo(405);
  }

  @Test
  void anEndpointThatThrowsRefusesTheStream() throws Exception {
    App<Void> app = App.create();
    AtomicReference<Sse> opened = new AtomicReference<>();
    app.at("/events").sse((req, sse) -> {
      opened.set(sse);
      throw new HttpError(401, "token required");
    });
    Response r = app.handle(Request.get("/events")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.bodyString()).isEqualTo("token required");
    assertThat(opened.get().isClosed()).isTrue();
    assertThat(opened.get().whenClosed().toCompletableFuture()).isCompleted();
  }

  @Test
  void theBufferMustHoldAnEvent() {
    App<Void> app = App.create();
    assertThatThrownBy(() -> app.at("/e").sse((req, sse) -> { }, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
  }
}
