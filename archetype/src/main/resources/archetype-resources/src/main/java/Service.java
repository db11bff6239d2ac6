package ${package};

import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.HttpError;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Response;
import dev.eddy.http.Server;
import dev.eddy.http.middleware.Logging;
import dev.eddy.runtime.Runtime;
import com.typesafe.config.Config;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service: an HTTP app whose notes live in an actor.
 *
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"UP"}}
 *   <li>{@code GET /notes}: every note
 *   <li>{@code POST /notes} with {@code {"text":"..."}}: adds a note (201)
 * </ul>
 *
 * <p>Run it with {@code java -jar target/${artifactId}.jar [PORT]}: it listens on {@code HOST}
 * (default 127.0.0.1) and the port of the first argument, else {@code PORT}, else
 * {@code service.port} of {@code application.conf}. If it cannot start (the port is taken, a
 * setting is wrong) it logs one line saying why and exits with status 1.
 */
public final class Service implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Service.class);

  /** What {@code POST /notes} takes. */
  public record NewNote(String text) {}

  private final Runtime runtime;
  private final ActorSystem actors;
  private final Server server;

  private Service(Runtime runtime, ActorSystem actors, Server server) {
    this.runtime = runtime;
    this.actors = actors;
    this.server = server;
  }

  /**
   * Starts the service on {@code address}; {@code config} is the whole configuration. If it
   * cannot start, what it started (runtime, actors) is closed before the exception is thrown.
   *
   * @throws CompletionException with the {@link BindException} of a port in use, for example
   */
  public static Service start(InetSocketAddress address, Config config) {
    Duration askTimeout = config.getDuration("service.ask-timeout");
    int maxLength = config.getInt("service.max-note-length");
    HttpServerConfig http = HttpServerConfig.from(config);
    Runtime runtime = Runtime.create();
    ActorSystem actors = null;
    try {
      actors = ActorSystem.create("service", runtime);
      ActorRef<NoteStore.Command> notes = actors.spawn(NoteStore::new, "notes");
      App<Void> app = app(notes, askTimeout, maxLength);
      Server server = runtime.blockOn(() -> app.listen(runtime, address, http));
      return new Service(runtime, actors, server);
    } catch (RuntimeException e) {
      if (actors != null) {
        actors.close();
      }
      runtime.close();
      throw e;
    }
  }

  /** The routes, over the notes actor. */
  static App<Void> app(ActorRef<NoteStore.Command> notes, Duration askTimeout, int maxLength) {
    App<Void> app = App.create();
    app.with(Logging.requests());
    app.at("/health").get(req -> Response.json(java.util.Map.of("status", "UP")));
    app.at("/notes")
        .get(req -> notes.<List<NoteStore.Note>>ask(NoteStore.All::new, askTimeout))
        .post(req -> req.bodyJson(NewNote.class).thenCompose(note -> {
          if (note.text() == null || note.text().isBlank()
              || note.text().length() > maxLength) {
            throw HttpError.badRequest("text: expected 1 to " + maxLength + " characters");
          }
          CompletionStage<NoteStore.Note> added =
              notes.ask(reply -> new NoteStore.Add(note.text(), reply), askTimeout);
          return added.thenApply(saved -> Response.json(201, saved));
        }));
    return app;
  }

  /** The address the service listens on. */
  public InetSocketAddress address() {
    return server.localAddress();
  }

  /** Stops gracefully: requests in flight finish, then the actors and the runtime stop. */
  @Override
  public void close() {
    server.shutdown().toCompletableFuture().join();
    actors.close();
    runtime.close();
  }

  /** Starts the service and keeps it running until the process is stopped. */
  public static void main(String[] args) {
    String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
    String where = host;
    Service service;
    try {
      Config config = EddyConfig.load();
      String port = args.length > 0 ? args[0]
          : System.getenv().getOrDefault("PORT", config.getString("service.port"));
      where = host + ":" + port;
      service = start(new InetSocketAddress(host, Integer.parseInt(port)), config);
    } catch (RuntimeException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (cause instanceof BindException || cause instanceof IllegalArgumentException) {
        // Expected mistakes (a port in use, a wrong setting: InvalidConfigException is an
        // IllegalArgumentException): the message says it all, a stack trace would hide it.
        log.error("Could not start on {}: {}", where, cause.getMessage());
      } else {
        log.error("Could not start on {}", where, cause);
      }
      System.exit(1);
      return;
    }
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    log.info("Listening on http://{}:{}", service.address().getHostString(),
        service.address().getPort());
  }
}
