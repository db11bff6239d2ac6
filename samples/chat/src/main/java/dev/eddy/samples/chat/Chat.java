package dev.eddy.samples.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.http.App;
import dev.eddy.http.HttpError;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Response;
import dev.eddy.http.Server;
import dev.eddy.http.Status;
import dev.eddy.http.middleware.Logging;
import dev.eddy.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat room over HTTP: {@code java -jar eddy-sample-chat.jar [PORT]}. Listens on {@code HOST}
 * (default 127.0.0.1) and the port of the first argument, else {@code PORT}, else 8080, until the
 * process is stopped (Ctrl-C, SIGTERM: the room closes the event streams, then requests in flight
 * finish).
 *
 * <ul>
 *   <li>{@code GET /}: the page (a resource of this jar): shows the messages, posts new ones
 *   <li>{@code POST /messages}: {@code {"author":"ada","text":"hi"}}; 202, or 400 saying what is
 *       wrong
 *   <li>{@code GET /events}: server-sent events, one per message ({@link ChatMessage} as JSON)
 * </ul>
 */
public final class Chat {

  private static final Logger log = LoggerFactory.getLogger(Chat.class);

  /** The JSON body of {@code POST /messages}. */
  public record NewMessage(String author, String text) {}

  private static final String PAGE = "index.html";

  private Chat() {}

  /** The routes, telling {@code room}; no network, so tests can run them with {@code handle}. */
  public static App<Void> app(ActorRef<Room.Command> room, ChatSettings settings) {
    // One page, read once: a static-files route would need a directory on disk.
    String page = resource(PAGE);
    ObjectWriter json = new ObjectMapper().writer();
    App<Void> app = App.create();
    app.with(Logging.requests());
    app.at("/").get(req -> Response.html(page));
    app.at("/messages").post(req -> req.bodyJson(NewMessage.class).thenApply(message -> {
      room.tell(validate(message, settings));
      return Response.of(Status.ACCEPTED);
    }));
    app.at("/events").sse((req, sse) -> {
      var subscriber = new SseSubscriber(sse, json, settings.maxPendingEvents());
      room.tell(new Room.Join(subscriber, lastEventId(req.header("Last-Event-ID"))));
      // The tab closed or the network broke: the room stops sending to this stream.
      sse.whenClosed().thenRun(() -> room.tell(new Room.Leave(subscriber)));
    });
    return app;
  }

  /** The post {@code message} asks for, trimmed, or a 400 naming the field and the rule. */
  static Room.Post validate(NewMessage message, ChatSettings settings) {
    if (message == null) {
      throw HttpError.badRequest("expected a JSON object {\"author\": ..., \"text\": ...}");
    }
    String author = field("author", message.author(), settings.maxAuthorLength());
    if (author.codePoints().anyMatch(Character::isISOControl)) {
      throw HttpError.badRequest("author: control characters are not allowed");
    }
    return new Room.Post(author, field("text", message.text(), settings.maxTextLength()));
  }

  private static String field(String name, String value, int maxLength) {
    String trimmed = value == null ? "" : value.strip();
    if (trimmed.isEmpty()) {
      throw HttpError.badRequest(name + ": required, a non-blank string");
    }
    if (trimmed.length() > maxLength) {
      throw HttpError.badRequest(name + ": " + trimmed.length() + " characters, at most "
          + maxLength + " allowed");
    }
    return trimmed;
  }

  /** The id after which a reconnecting browser wants messages; 0 (all) when absent or bad. */
  static long lastEventId(String header) {
    try {
      return header == null ? 0 : Math.max(0, Long.parseLong(header.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String resource(String name) {
    try (InputStream in = Chat.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath, next to "
            + Chat.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + name, e);
    }
  }

  /**
   * Starts a runtime, the actor system with the room, and the server on {@code address} (port 0
   * picks a free one), and waits until it listens.
   */
  public static Running start(ChatSettings settings, InetSocketAddress address) {
    Runtime runtime = Runtime.create();
    ActorSystem system = null;
    try {
      system = ActorSystem.create("chat", runtime);
      ActorRef<Room.Command> room = system.spawn(() -> new Room(settings.history()), "room");
      // Built here, not on a worker: its first ObjectMapper loads many classes.
      App<Void> app = app(room, settings);
      Server server = runtime.blockOn(() -> app.listen(runtime, address,
          HttpServerConfig.load()));
      return new Running(runtime, system, room, server, settings.shutdownGrace());
    } catch (RuntimeException e) {
      // The actors first: a live room would keep the runtime's shutdown waiting for its grace.
      if (system != null) {
        system.close();
      }
      runtime.shutdown(settings.shutdownGrace());
      throw e;
    }
  }

  /**
   * A running chat: what {@link #start} built, stopped in order by {@link #close()}.
   *
   * <p>Thread-safety: {@code close} may be called from any thread, more than once (a test and the
   * shutdown hook); only the first call stops anything, later ones return at once.
   */
  public static final class Running implements AutoCloseable {
    private final Runtime runtime;
    private final ActorSystem system;
    private final ActorRef<Room.Command> room;
    private final Server server;
    private final Duration grace;
    private final AtomicBoolean closed = new AtomicBoolean();

    Running(Runtime runtime, ActorSystem system, ActorRef<Room.Command> room, Server server,
        Duration grace) {
      this.runtime = runtime;
      this.system = system;
      this.room = room;
      this.server = server;
      this.grace = grace;
    }

    /** Where the server listens. */
    public InetSocketAddress address() {
      return server.localAddress();
    }

    /** The room actor. */
    public ActorRef<Room.Command> room() {
      return room;
    }

    /**
     * Stops the room first (it closes every event stream, which would otherwise keep the
     * server's graceful shutdown waiting until its deadline), then the server, then the runtime.
     */
    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        system.close();
        server.shutdown(grace).toCompletableFuture().join();
      } finally {
        runtime.shutdown(grace);
      }
    }
  }

  /** Serves the chat until the process stops. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String host = env.getOrDefault("HOST", "127.0.0.1");
    String port = args.length > 0 ? args[0] : env.getOrDefault("PORT", "8080");
    Running chat;
    try {
      chat = start(ChatSettings.load(), new InetSocketAddress(host, Integer.parseInt(port)));
    } catch (RuntimeException e) {
      // start(..) has stopped what it started; a port in use or a bad setting needs one line.
      Throwable cause = e instanceof CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (cause instanceof BindException || cause instanceof IllegalArgumentException) {
        log.error("Chat could not start on {}:{}: {}", host, port, cause.getMessage());
      } else {
        log.error("Chat could not start on {}:{}", host, port, cause);
      }
      System.exit(1);
      return;
    }
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(chat::close, "chat-shutdown"));
    System.out.println("Chat listening on http://" + chat.address().getHostString() + ":"
        + chat.address().getPort() + "/");
  }
}
