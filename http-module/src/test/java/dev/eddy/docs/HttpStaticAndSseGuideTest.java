package dev.eddy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.http.App;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.Sse;
import dev.eddy.runtime.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code snippets of docs/http-server.md, compiled and run. When a snippet changes
 * there, change it here (and the other way round): the text between the {@code // doc:} markers
 * is what the page shows.
 */
class HttpStaticAndSseGuideTest {

  @Test
  void staticFiles(@TempDir Path dir) throws Exception {
    Path publicDir = Files.createDirectories(dir.resolve("public"));
    Files.writeString(publicDir.resolve("index.html"), "<h1>hi</h1>");
    Files.writeString(publicDir.resolve("robots.txt"), "User-agent: *");
    Path favicon = Files.write(publicDir.resolve("favicon.ico"), new byte[] {0, 0, 1, 0});
    // doc:static
    App<Void> app = App.create();
    app.at("/static/*path").serveDir(publicDir);        // /static/css/a.css -> public/css/a.css
    app.at("/").serveFile(publicDir.resolve("index.html"));
    app.at("/favicon.ico").serveFile(favicon);
    // doc:end
    Response r = app.handle(Request.get("/static/robots.txt")).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertThat(r.bodyString()).isEqualTo("User-agent: *");
    assertThat(app.handle(Request.get("/")).toCompletableFuture().get().bodyString())
        .isEqualTo("<h1>hi</h1>");
    assertThat(app.handle(Request.get("/static/../x")).toCompletableFuture().get().status())
        .isEqualTo(404);
  }

  @Test
  void staticFilesInATest(@TempDir Path publicDir) throws Exception {
    Files.writeString(publicDir.resolve("hello.txt"), "Hello!");
    // doc:static-test
    App<Void> app = App.create();
    app.at("/static").serveDir(publicDir);
    Response first = app.handle(Request.get("/static/hello.txt")).toCompletableFuture().get();
    Response again = app.handle(Request.get("/static/hello.txt")
        .header("If-None-Match", first.header("ETag"))).toCompletableFuture().get();
    assertThat(again.status()).isEqualTo(304);
    // doc:end
    assertThat(first.bodyString()).isEqualTo("Hello!");
  }

  @Test
  void serverSentEvents() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(1).build()) {
      // doc:sse
      App<Void> app = App.create();
      Set<Sse> clients = ConcurrentHashMap.newKeySet();
      app.at("/news").sse((req, sse) -> {
        String since = req.header("Last-Event-ID");          // null on the first connection
        sse.retry(Duration.ofSeconds(5));
        sse.send("welcome", since == null ? "hello" : "welcome back after " + since);
        clients.add(sse);
        sse.whenClosed().thenRun(() -> clients.remove(sse));   // the client went away
      });
      // ... elsewhere, on news:
      // clients.forEach(sse -> sse.send(id, "news", headline));
      // doc:end

      // doc:sse-finite
      app.at("/countdown").sse((req, sse) -> runtime.spawnAsync(() -> countdown(sse, 3)));
      // doc:end
      Response news = app.handle(Request.get("/news")).toCompletableFuture().get();
      assertThat(clients).hasSize(1);
      clients.forEach(Sse::close);
      assertThat(news.body().string().toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isEqualTo("retry: 5000\n\nevent: welcome\ndata: hello\n\n");
      assertThat(clients).isEmpty();
      Response countdown = app.handle(Request.get("/countdown")).toCompletableFuture().get();
      assertThat(countdown.body().string().toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isEqualTo("data: 3\n\ndata: 2\n\ndata: 1\n\n");
    }
  }

  // doc:sse-countdown
  /** Sends n, n-1, ... 1, each once the previous one is buffered, then ends the stream. */
  static CompletionStage<Void> countdown(Sse sse, int n) {
    if (n == 0) {
      sse.close();
      return sse.whenClosed();
    }
    return sse.send(String.valueOf(n)).thenCompose(sent -> countdown(sse, n - 1));
  }
  // doc:end
}
