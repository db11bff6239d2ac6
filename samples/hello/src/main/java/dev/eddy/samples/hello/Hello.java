package dev.eddy.samples.hello;

import dev.eddy.http.App;
import dev.eddy.http.Response;
import dev.eddy.http.Server;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP service on Eddy: {@code java -jar eddy-sample-hello.jar [PORT]}. Listens on
 * {@code HOST} (default 127.0.0.1) and the port of the first argument, else {@code PORT}, else
 * 8080, until the process is stopped (Ctrl-C, SIGTERM: a graceful shutdown). If it cannot
 * listen (the port is taken), it logs one line saying so and exits with status 1.
 *
 * <ul>
 *   <li>{@code GET /}: a greeting
 *   <li>{@code GET /plaintext}: {@code Hello, World!} as text/plain
 *   <li>{@code GET /json}: {@code {"message":"Hello, World!"}}, serialized per request
 *   <li>{@code POST /echo}: the request body back, with its content type
 *   <li>{@code GET /hello/:name}: a greeting for {@code name}
 * </ul>
 */
public final class Hello {

  private static final Logger log = LoggerFactory.getLogger(Hello.class);

  /** The JSON body of {@code /json}. */
  public record Message(String message) {}

  private Hello() {}

  /** The service's routes. */
  public static App<Void> app() {
    App<Void> app = App.create();
    app.at("/").get(req -> "Hello from Eddy! Try /plaintext, /json, /hello/you or POST /echo.\n");
    app.at("/plaintext").get(req -> "Hello, World!");
    app.at("/json").get(req -> Response.json(new Message("Hello, World!")));
    app.at("/echo").post(req -> req.bodyBytes().thenApply(body -> Response.bytes(body,
        contentType(req.header("Content-Type")))));
    app.at("/hello/:name").get(req -> "Hello, " + req.param("name") + "!\n");
    return app;
  }

  private static String contentType(String sent) {
    return sent == null ? "application/octet-stream" : sent;
  }

  /** Serves {@link #app()} until the process stops. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String host = env.getOrDefault("HOST", "127.0.0.1");
    String port = args.length > 0 ? args[0] : env.getOrDefault("PORT", "8080");
    Server server;
    try {
      // listen(..) from main starts a runtime of its own, and stops it if it cannot listen.
      server = app().listen(host + ":" + port).toCompletableFuture().join();
    } catch (RuntimeException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (cause instanceof BindException || cause instanceof IllegalArgumentException) {
        // A port in use, a bad address: the message says it all, a stack trace would hide it.
        log.error("Hello service could not listen on {}:{}: {}", host, port, cause.getMessage());
      } else {
        log.error("Hello service could not listen on {}:{}", host, port, cause);
      }
      System.exit(1);
      return;
    }
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(
        () -> server.shutdown().toCompletableFuture().join(), "hello-shutdown"));
    log.info("Hello service listening on http://{}:{}", server.localAddress().getHostString(),
        server.localAddress().getPort());
  }
}
