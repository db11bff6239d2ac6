package dev.eddy.http;

import dev.eddy.http.fs.StaticFiles;
import dev.eddy.http.internal.Router;
import dev.eddy.http.sse.SseRoutes;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The place in an app at one path pattern, where endpoints and route-level middleware are
 * attached (tide's {@code Route}): {@code app.at("/users/:id").get(...).delete(...)}.
 *
 * <p>Patterns are split on {@code /}. A segment {@code :name} matches any one non-empty segment
 * and makes it {@link Request#param(String) param("name")}; a last segment {@code *name} (or just
 * {@code *}) matches the rest of the path, even empty. Static segments win over parameters, which
 * win over wildcards. A trailing slash in a request names the same resource. Read a parameter as
 * a number, UUID or enum with {@link Request#paramLong}, {@link Request#param(String, Class)}
 * and their siblings (a 400 naming the value when it does not convert).
 *
 * <p>Mistakes fail when the route is built: another framework's parameter syntax ({@code
 * /items/{id}}, {@code /items/<id>}) is an {@link IllegalArgumentException} giving the Eddy
 * spelling ({@code :id}), and a second endpoint for a method that has one on this route already
 * is an {@link IllegalStateException}, not a silent replacement.
 *
 * <p>{@code OPTIONS} on a route without an {@link #options} endpoint is answered 204 with an
 * {@code Allow} header listing its methods (after the route's middleware, so a {@code Cors}
 * policy answers a preflight first).
 *
 * <p>Not thread-safe: set routes up before the app serves requests.
 *
 * @param <S> the app's state type
 */
public final class Route<S> {

  private final App<S> app;
  private final Router.Node<S> node;

  Route(App<S> app, Router.Node<S> node) {
    this.app = app;
    this.node = node;
  }

  /**
   * The route at {@code path} below this one ({@code app.at("/api").at("/users")}).
   *
   * @throws IllegalArgumentException for a malformed pattern (see the class comment)
   */
  public Route<S> at(String path) {
    return new Route<>(app, node.at(Objects.requireNonNull(path, "path")));
  }

  /** Answers GET (and HEAD, without the body, unless a HEAD endpoint is set) with {@code e}. */
  public Route<S> get(Endpoint<S> e) {
    return method("GET", e);
  }

  /** Answers HEAD with {@code e}. */
  public Route<S> head(Endpoint<S> e) {
    return method("HEAD", e);
  }

  /** Answers POST with {@code e}. */
  public Route<S> post(Endpoint<S> e) {
    return method("POST", e);
  }

  /** Answers PUT with {@code e}. */
  public Route<S> put(Endpoint<S> e) {
    return method("PUT", e);
  }

  /** Answers PATCH with {@code e}. */
  public Route<S> patch(Endpoint<S> e) {
    return method("PATCH", e);
  }

  /** Answers DELETE with {@code e}. */
  public Route<S> delete(Endpoint<S> e) {
    return method("DELETE", e);
  }

  /** Answers OPTIONS with {@code e}. */
  public Route<S> options(Endpoint<S> e) {
    return method("OPTIONS", e);
  }

  /** Answers every method that has no endpoint of its own here with {@code e}. */
  public Route<S> all(Endpoint<S> e) {
    return method(Router.ANY, e);
  }

  /**
   * Answers {@code method} (upper case, as sent on the wire) with {@code e}.
   *
   * @throws IllegalStateException if this route has an endpoint for {@code method} already
   *     (also one set by {@link #serveDir}, {@link #serveFile}, {@link #sse} or, for {@link #all},
   *     {@link #nest})
   */
  public Route<S> method(String method, Endpoint<S> e) {
    node.endpoint(Objects.requireNonNull(method, "method"), Objects.requireNonNull(e, "e"));
    return this;
  }

  /**
   * Adds middleware for this route and every route below it, run after the app's middleware, in
   * the order added: {@code app.at("/admin").with(auth)} guards {@code /admin}, {@code
   * /admin/users} and anything else below {@code /admin}, including what {@link #nest} and {@link
   * #serveDir} serve there, and routes added below later, whether through this route ({@code
   * .at("/users")}) or through the app ({@code app.at("/admin/users")}); the order of setup
   * calls does not matter.
   *
   * <p>When several routes on the way to a request's route have middleware, the outer route's
   * runs first. A route counts as below this one only if it is in this route's subtree of the
   * route tree: with {@code app.at("/admin").with(auth)} and {@code app.at("/:section/list")}, a
   * request for {@code /admin/list} that has no route below {@code /admin} is answered by {@code
   * /:section/list}, which {@code auth} does not guard. A 405 answer (the route exists but not
   * for this method) runs this middleware too; a 404 (no route) runs only the app's.
   */
  public Route<S> with(Middleware<S> m) {
    node.middleware(Objects.requireNonNull(m, "m"));
    return this;
  }

  /**
   * Serves {@code other} below this path: a request for {@code /api/users} on {@code
   * app.at("/api").nest(other)} runs {@code other}'s middleware and its route {@code /users}, with
   * the parameters of both. {@code other} is consulted at request time, so routes it gets later
   * are served too; its state is ignored in favour of this app's. Middleware of this route (and of
   * the routes above it) runs for every path served by {@code other}, before {@code other}'s own.
   */
  public Route<S> nest(App<S> other) {
    Objects.requireNonNull(other, "other");
    int depth = (int) java.util.Arrays.stream(node.pattern().split("/"))
        .filter(s -> !s.isEmpty()).count();
    Endpoint<S> delegate = req -> other.dispatch(req, depth);
    node.endpoint(Router.ANY, delegate);
    node.at("*").endpoint(Router.ANY, delegate);
    return this;
  }

  /**
   * Serves the files below {@code root} with GET and HEAD: content type by extension, {@code
   * ETag} and {@code Last-Modified} with 304 answers to conditional requests, single byte ranges
   * (206, 416), and a directory's {@code index.html} (no listings).
   *
   * <p><b>Which file.</b> On a route ending in a wildcard, {@code app.at("/static/*path")}, the
   * part of the request path the wildcard matched names the file below {@code root}: {@code
   * GET /static/css/site.css} serves {@code root/css/site.css}. On any other route, {@code
   * app.at("/static")}, a wildcard {@code *} is added below it for the same effect, and {@code
   * /static} itself serves {@code root/index.html}. A request for a directory serves its {@code
   * index.html} (relative links in it resolve from the URL, so link to {@code /static/dir/}).
   *
   * <p><b>Safety.</b> Nothing outside {@code root} is ever served: the path is split on {@code /}
   * before percent-decoding, and a segment that is empty, starts with a dot ({@code ..}, and
   * hidden files such as {@code .env}), or holds a slash, backslash or control character is
   * answered 404, as is a file whose real path (symbolic links resolved) is not below the real
   * path of {@code root}. Malformed percent-encoding is a 400.
   *
   * <p><b>Threads.</b> The file system is used on the runtime's blocking pool, never on a worker;
   * a big file streams in chunks, read as fast as the client takes them. Under {@link
   * App#handle} outside a runtime, files are read on the calling thread. {@code root} is resolved
   * at each request, so it may appear, or be switched (a symbolic link to a release), later.
   *
   * <p>Middleware of this route ({@link #with}) guards every file served below it.
   *
   * @throws IllegalArgumentException if this route's pattern ends in a parameter ({@code :name})
   *     or if a wildcard of another name is already below it
   */
  public Route<S> serveDir(Path root) {
    Objects.requireNonNull(root, "root");
    String pattern = node.pattern();
    String last = pattern.substring(pattern.lastIndexOf('/') + 1);
    if (last.startsWith(":")) {
      throw new IllegalArgumentException("route '" + pattern + "': serveDir needs a route that "
          + "ends in a wildcard ('/static/*path') or a plain segment ('/static')");
    }
    if (last.startsWith("*")) {
      node.endpoint("GET", StaticFiles.directory(root));
    } else {
      Endpoint<S> files = StaticFiles.directory(root);
      node.endpoint("GET", files);
      node.at("*").endpoint("GET", files);
    }
    return this;
  }

  /**
   * Serves {@code file} with GET and HEAD, as {@link #serveDir} serves each of its files
   * (validators, 304, ranges), whatever else the request path holds: {@code
   * app.at("/favicon.ico").serveFile(Path.of("public/favicon.ico"))}. A missing file is a 404.
   */
  public Route<S> serveFile(Path file) {
    node.endpoint("GET", StaticFiles.file(Objects.requireNonNull(file, "file")));
    return this;
  }

  /**
   * Answers GET with a stream of server-sent events that {@code endpoint} opens, buffering up to
   * 16 events per stream (see {@link Sse} for framing, backpressure and the end of a stream):
   *
   * <pre>{@code
   * app.at("/events").sse((req, sse) -> feed.subscribe(sse));
   * }</pre>
   *
   * <p>The response is 200 {@code text/event-stream} with {@code Cache-Control: no-cache}, sent
   * chunked as the events come.
   */
  public Route<S> sse(SseEndpoint<S> endpoint) {
    return sse(endpoint, SseRoutes.DEFAULT_BUFFER);
  }

  /**
   * As {@link #sse(SseEndpoint)}, buffering up to {@code bufferedEvents} events per stream
   * before a {@code send} waits.
   *
   * @throws IllegalArgumentException if {@code bufferedEvents < 1}
   */
  public Route<S> sse(SseEndpoint<S> endpoint, int bufferedEvents) {
    node.endpoint("GET", SseRoutes.endpoint(Objects.requireNonNull(endpoint, "endpoint"),
        bufferedEvents));
    return this;
  }

  /** The path pattern of this route, e.g. {@code /users/:id}. */
  public String path() {
    return node.pattern();
  }

  @Override
  public String toString() {
    return "Route[" + path() + "]";
  }

  App<S> app() {
    return app;
  }

  Router.Node<S> node() {
    return node;
  }
}
