package dev.eddy.http;

import dev.eddy.http.internal.RefusalListener;
import dev.eddy.http.internal.Refusals;
import dev.eddy.http.internal.Results;
import dev.eddy.http.internal.Router;
import dev.eddy.http.internal.Uris;
import dev.eddy.http.server.HttpServerCore;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An HTTP application: routes, middleware and shared state (tide's {@code Server}).
 *
 * <pre>{@code
 * App<Void> app = App.create();
 * app.with(Logging.requests());
 * app.at("/hello/:name").get(req -> "Hello, " + req.param("name"));
 * app.listen("127.0.0.1:8080");
 * }</pre>
 *
 * <p>{@link #handle} runs a request through the whole stack without a socket, for tests in
 * microseconds (tide's {@code respond}); {@code listen} serves it over HTTP/1.1.
 *
 * <p><b>Answers the app gives by itself</b>: 404 when no route matches the path; 405 with an
 * {@code Allow} header when a route matches but has no endpoint for a standard method; 204 with
 * {@code Allow} for an {@code OPTIONS} request on a route that has no OPTIONS endpoint of its own
 * (its route middleware runs first, so a route-level {@code Cors} answers a preflight); 501 for a
 * method this server does not know.
 *
 * <p><b>Errors.</b> What an endpoint or a middleware throws or fails its stage with, and the
 * app's and the server's own refusals, are answered by the {@link #onError} handler of the
 * nearest class, else by default: an {@link HttpError}'s status and message; a {@link
 * dev.eddy.time.TimeoutExceededException} (an ask not answered in time) 503; anything else 500,
 * logged. {@link #problems()} makes every such answer an RFC 9457 {@link Problem}.
 *
 * <p><b>Threads.</b> Set the app up on one thread, then serve: requests run concurrently on the
 * runtime's workers, so the state must be thread-safe (an actor ref, a concurrent map, an
 * immutable value).
 *
 * @param <S> the type of the shared state handed to every request ({@link Request#state()})
 */
public final class App<S> {

  private final S state;
  private final Router<S> router = new Router<>();
  private final List<Middleware<S>> middleware = new ArrayList<>();
  private final Map<Class<?>, ErrorHandler<S, ?>> errorHandlers = new LinkedHashMap<>();
  private volatile boolean problems;

  static {
    Refusals.register(App::refused);
  }

  private App(S state) {
    this.state = state;
  }

  /** An app without shared state. */
  public static App<Void> create() {
    return new App<>(null);
  }

  /** An app whose requests share {@code state} ({@link Request#state()}). */
  public static <S> App<S> create(S state) {
    return new App<>(Objects.requireNonNull(state, "state"));
  }

  /**
   * The route at {@code path}, e.g. {@code "/users/:id"}; see {@link Route} for patterns.
   *
   * @throws IllegalArgumentException for a malformed pattern, such as {@code "/users/{id}"}
   *     (write {@code ":id"})
   */
  public Route<S> at(String path) {
    return new Route<>(this, router.root().at(Objects.requireNonNull(path, "path")));
  }

  /** Adds middleware around every request, after the middleware added before. */
  public App<S> with(Middleware<S> m) {
    middleware.add(Objects.requireNonNull(m, "m"));
    return this;
  }

  // ---- errors --------------------------------------------------------------------------------

  /**
   * Answers errors of {@code type} (and its subclasses) with {@code handler}, like Javalin's {@code
   * app.exception} and Helidon's {@code routing.error}. The handler sees what endpoints and
   * middleware throw or fail their stage with (unwrapped from {@code CompletionException}), and
   * the app's and the server's own refusals as {@link HttpError}s: 404, 405 (its {@code Allow} in
   * {@link HttpError#headers()}), 501, a body over a limit (413), a request timed out by {@code
   * Guards.timeout} (503), and the refusals of a request the server could not read (400, 408,
   * 413, 414, 431; the connection closes after these whatever the handler answers).
   *
   * <p><b>Order.</b> The handler registered for the error's own class wins, else the one for its
   * nearest superclass (interfaces are not consulted); registering a class again replaces its
   * handler. Errors no handler takes get the default answers described on {@link App}. A handler
   * runs at the level where the error was met: middleware around it see its response, never the
   * error.
   *
   * <p><b>Thread.</b> The handler runs on the thread that met the error (a runtime worker under
   * {@code listen}), synchronously; it must not block. Register handlers before serving.
   */
  public <E extends Throwable> App<S> onError(Class<E> type, ErrorHandler<S, ? super E> handler) {
    errorHandlers.put(Objects.requireNonNull(type, "type"),
        Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /**
   * Makes every error answer of this app an RFC 9457 problem body ({@value Problem#MEDIA_TYPE}):
   * {@link HttpError}s, the 404/405/501 the router gives, the 503 of a timeout, the generic 500,
   * and the server's refusals of requests it could not read. A 4xx keeps its message as the
   * {@code detail}; the generic 500 has none, since the client can do nothing with server
   * internals. Answers of {@link #onError} handlers are sent as they are. Spring Boot's {@code
   * spring.mvc.problemdetails.enabled}, as one call.
   */
  public App<S> problems() {
    problems = true;
    return this;
  }

  /** The answer to {@code failure} of {@code req}: its handler's, else the default one. */
  private Response failed(Throwable failure, Request<S> req) {
    Throwable cause = Results.unwrap(failure);
    ErrorHandler<S, ?> handler = null;
    for (Class<?> c = cause.getClass(); c != null && handler == null; c = c.getSuperclass()) {
      handler = errorHandlers.get(c);
    }
    if (handler == null) {
      return Results.fromFailure(cause, req, problems);
    }
    try {
      @SuppressWarnings("unchecked")
      ErrorHandler<S, Throwable> h = (ErrorHandler<S, Throwable>) handler;
      Response r = h.handle(req, cause);
      if (r != null) {
        return r;
      }
      return Results.fromFailure(new NullPointerException(
          "the onError handler for " + cause.getClass().getName() + " returned null"), req,
          problems);
    } catch (Exception e) {
      e.addSuppressed(cause);
      return Results.fromFailure(new IllegalStateException("the onError handler for "
          + cause.getClass().getName() + " threw", e), req, problems);
    }
  }

  /**
   * The answer to a request the server refused before the app could see it: the error's handler
   * or the default answer, shown to the request log. Called by the server, synchronously.
   */
  private static Response refused(App<?> app, Request.Builder request, HttpError error) {
    return app.refusedHere(request, error);
  }

  private Response refusedHere(Request.Builder request, HttpError error) {
    Request<S> req = request.build(state);
    Response res = failed(error, req);
    for (Middleware<S> m : middleware) {
      if (m instanceof RefusalListener l) {
        l.refused(req, res);
      }
    }
    return res;
  }

  // ---- serving --------------------------------------------------------------------------------

  /**
   * Serves this app on {@code hostAndPort} (for example {@code "127.0.0.1:8080"}, or {@code
   * ":8080"} for every interface) with the settings of {@code eddy.http.server}. Called on a
   * runtime's worker, it serves on that runtime; from any other thread (a plain {@code main}) it
   * starts a runtime of its own with the settings of {@code eddy.runtime}, stopped when the
   * server stops.
   *
   * @return a stage with the running server; failed with the {@link java.net.BindException} of a
   *     port in use, for example
   * @throws IllegalArgumentException if {@code hostAndPort} is not {@code host:port}
   */
  public CompletionStage<Server> listen(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(hostAndPort.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      port = -1;
    }
    if (colon < 0 || port < 0 || port > 65535) {
      throw new IllegalArgumentException("address '" + hostAndPort + "': expected host:port, "
          + "e.g. 127.0.0.1:8080, with a port from 0 to 65535");
    }
    String host = hostAndPort.substring(0, colon);
    InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port)
        : new InetSocketAddress(host, port);
    boolean onRuntime = Thread.currentThread() instanceof dev.eddy.runtime.internal.WorkerThread;
    Runtime runtime = onRuntime ? Runtime.current() : Runtime.create();
    return listen(runtime, address, HttpServerConfig.load(), onRuntime ? null : runtime);
  }

  /** Serves this app on {@code address} on {@code runtime} with {@code config}. */
  public CompletionStage<Server> listen(Runtime runtime, InetSocketAddress address,
      HttpServerConfig config) {
    return listen(runtime, address, config, null);
  }

  private CompletionStage<Server> listen(Runtime runtime, InetSocketAddress address,
      HttpServerConfig config, Runtime owned) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(config, "config");
    CompletionStage<Server> started = HttpServerCore.listen(this, runtime, address, config)
        .thenApply(core -> new Server(core, owned, config.shutdownTimeout()));
    if (owned != null) {
      started = started.whenComplete((s, e) -> {
        if (e != null) {
          new Thread(owned::close, "eddy-http-shutdown").start();
        }
      });
    }
    return started;
  }

  /** The shared state. */
  public S state() {
    return state;
  }

  /**
   * Runs {@code request} through the middleware and the router, as the server does, without a
   * network.
   *
   * @return the response; never a failed stage (errors become 4xx/5xx responses)
   */
  public CompletionStage<Response> handle(Request.Builder request) {
    Request<S> req = request.build(state);
    return dispatch(req, 0);
  }

  /** Routes {@code req} from path segment {@code from} on (nested apps start deeper). */
  CompletionStage<Response> dispatch(Request<S> req, int from) {
    List<String> segments;
    Router.Match<S> match;
    try {
      segments = Uris.segments(req.rawPath());
      match = router.find(req.method(), segments, from);
    } catch (HttpError e) {
      return CompletableFuture.completedStage(failed(e, req));
    }
    if (!match.params().isEmpty()) {
      req.setParams(merge(req.params(), match.params()));
    }
    req.setRawWildcard(match.rawRest()); // this app's match, not an outer app's
    Endpoint<S> endpoint = match.endpoint() != null ? match.endpoint() : refusal(match);
    return run(req, 0, match.middleware(), endpoint);
  }

  private CompletionStage<Response> run(Request<S> req, int i, List<Middleware<S>> routeLevel,
      Endpoint<S> endpoint) {
    int appLevel = middleware.size();
    if (i < appLevel + routeLevel.size()) {
      Middleware<S> m = i < appLevel ? middleware.get(i) : routeLevel.get(i - appLevel);
      CompletionStage<Response> next;
      try {
        next = m.handle(req, r -> run(r, i + 1, routeLevel, endpoint));
      } catch (RuntimeException e) {
        return CompletableFuture.completedStage(failed(e, req));
      }
      if (next == null) {
        return CompletableFuture.completedStage(failed(
            new NullPointerException("middleware " + m + " returned null"), req));
      }
      return next.handle((r, f) -> f != null ? failed(f, req) : r);
    }
    try {
      return Results.toResponse(endpoint.call(req), req)
          .handle((r, f) -> f != null ? failed(f, req) : r);
    } catch (Exception e) {
      return CompletableFuture.completedStage(failed(e, req));
    }
  }

  private static Map<String, String> merge(Map<String, String> outer, Map<String, String> inner) {
    if (outer.isEmpty()) {
      return inner;
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(outer);
    all.putAll(inner);
    return all;
  }

  private Endpoint<S> refusal(Router.Match<S> match) {
    return switch (match.status()) {
      case Status.METHOD_NOT_ALLOWED -> req -> {
        throw new HttpError(Status.METHOD_NOT_ALLOWED,
            "Method " + req.method() + " is not allowed on " + req.path())
            .withHeader("Allow", String.join(", ", match.allowed()));
      };
      case Status.NO_CONTENT -> req -> Response.of(Status.NO_CONTENT)
          .header("Allow", String.join(", ", match.allowed()));
      case Status.NOT_IMPLEMENTED -> req -> {
        throw new HttpError(Status.NOT_IMPLEMENTED,
            "Method " + req.method() + " is not implemented");
      };
      default -> req -> {
        throw HttpError.notFound("Not Found");
      };
    };
  }
}
