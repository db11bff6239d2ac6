package dev.eddy.samples.todo;

import com.typesafe.config.Config;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.InvalidConfigException;
import dev.eddy.http.App;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Server;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The todo service: {@code java -jar eddy-sample-todo.jar [PORT]}. Listens on {@code HOST}
 * (default 127.0.0.1) and the port of the first argument, else {@code PORT}, else 8080; routes in
 * {@link TodoApi}, state in the {@link TodoStore} actor, settings in {@link TodoSettings}.
 *
 * <p><b>Start-up</b>: one {@link ActorSystem} (which owns the runtime), the store actor, then the
 * HTTP server on the same runtime, so that actors and connections share the workers. <b>Shutdown</b>
 * (SIGTERM, Ctrl-C, or {@link #close()}), in this order:
 *
 * <ol>
 *   <li>{@code /ready} answers 503, and stays so for {@code todo.shutdown-drain} while the server
 *       still serves, so that a load balancer stops sending requests first;
 *   <li>the server shuts down gracefully: no new connections, requests in flight finish (they
 *       may still ask the store);
 *   <li>the actor system closes: the store stops, then the runtime;
 *   <li>the page files copied out of the jar are deleted.
 * </ol>
 *
 * <p>Thread-safety: {@link #close()} may be called from any thread but a runtime worker (it
 * waits), more than once.
 */
public final class TodoService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TodoService.class);
  private static final String DEFAULT_HOST = "127.0.0.1";
  private static final String DEFAULT_PORT = "8080";
  private static final int MAX_PORT = 65_535;

  private final TodoSettings settings;
  private final ActorSystem system;
  private final Server server;
  private final PublicFiles files;
  private final AtomicBoolean accepting;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TodoService(TodoSettings settings, ActorSystem system, Server server, PublicFiles files,
      AtomicBoolean accepting) {
    this.settings = settings;
    this.system = system;
    this.server = server;
    this.files = files;
    this.accepting = accepting;
  }

  /**
   * Starts the service on {@code address} (port 0: any free port) with the settings in {@code
   * config} ({@code todo}, {@code eddy.runtime}, {@code eddy.actor}, {@code eddy.http.server}).
   *
   * @throws dev.eddy.config.InvalidConfigException for a bad setting
   * @throws RuntimeException if the server cannot bind, e.g. {@link java.net.BindException} when
   *     the port is taken; nothing is left running then
   */
  public static TodoService start(Config config, InetSocketAddress address) {
    TodoSettings settings = TodoSettings.from(config);
    HttpServerConfig http = HttpServerConfig.from(config);
    PublicFiles files = PublicFiles.open();
    ActorSystem system;
    try {
      system = ActorSystem.create("todo", config);
    } catch (RuntimeException e) {
      files.close();
      throw e;
    }
    try {
      ActorRef<TodoStore.Command> store =
          system.spawn(() -> new TodoStore(settings.maxTodos()), "store");
      AtomicBoolean accepting = new AtomicBoolean();
      App<Void> app = TodoApi.app(store, settings, files.root(), accepting::get);
      Server server = system.runtime().blockOn(() ->
          app.listen(system.runtime(), address, http));
      accepting.set(true);
      return new TodoService(settings, system, server, files, accepting);
    } catch (RuntimeException e) {
      system.close();
      files.close();
      throw e;
    }
  }

  /** The address the server listens on, with the actual port when started on port 0. */
  public InetSocketAddress address() {
    return server.localAddress();
  }

  /**
   * The first step of shutdown: {@code /ready} answers 503 from now on while everything keeps
   * serving. {@link #close()} does it too; separate so that tests and embedders can drain.
   */
  public void stopAccepting() {
    accepting.set(false);
  }

  /** Shuts down in the order of the class comment; returns when everything has stopped. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopAccepting();
    Duration drain = settings.shutdownDrain();
    if (!drain.isZero()) {
      log.info("shutting down: /ready answers 503; waiting {} for the load balancer", drain);
      try {
        Thread.sleep(drain.toMillis()); // a deliberate grace period, not a synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stop now, skipping the rest of the grace period
      }
    }
    try {
      server.shutdown().toCompletableFuture().join();
    } finally {
      system.close();
      files.close();
    }
    log.info("todo service stopped");
  }

  /** Starts the service and leaves it running; a JVM shutdown hook stops it gracefully. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String host = env.getOrDefault("HOST", DEFAULT_HOST);
    int port = port(args.length > 0 ? args[0] : env.getOrDefault("PORT", DEFAULT_PORT));
    TodoService service;
    try {
      service = start(EddyConfig.load(), new InetSocketAddress(host, port));
    } catch (RuntimeException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (cause instanceof BindException || cause instanceof InvalidConfigException) {
        // Expected mistakes: the message says it all, a stack trace would hide it.
        log.error("todo service could not start on {}:{}: {}", host, port, cause.getMessage());
      } else {
        log.error("todo service could not start on {}:{}", host, port, cause);
      }
      System.exit(1);
      return;
    }
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(service::close, "todo-shutdown"));
    InetSocketAddress bound = service.address();
    log.info("todo service listening on http://{}:{}/", bound.getHostString(), bound.getPort());
  }

  /** The port in {@code text}, from the first argument or {@code PORT}. */
  static int port(String text) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 0 && port <= MAX_PORT) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below, which says what was expected
    }
    throw new IllegalArgumentException("port '" + text + "' (first argument or PORT): expected "
        + "an integer from 0 to " + MAX_PORT);
  }
}
