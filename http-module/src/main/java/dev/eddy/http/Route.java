package dev.eddy.http;

import dev.eddy.http.internal.Router;
import java.util.Objects;

/**
 * The place in an app at one path pattern, where endpoints and route-level middleware are
 * attached (tide's {@code Route}): {@code app.at("/users/:id").get(...).delete(...)}.
 *
 * <p>Patterns are split on {@code /}. A segment {@code :name} matches any one non-empty segment
 * and makes it {@link Request#param(String) param("name")}; a last segment {@code *name} (or just
 * {@code *}) matches the rest of the path, even empty. Static segments win over parameters, which
 * win over wildcards. A trailing slash in a request names the same resource.
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

  /** The route at {@code path} below this one ({@code app.at("/api").at("/users")}). */
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
   * Answers {@code method} (upper case, as sent on the wire) with {@code e}, replacing an earlier
   * endpoint for it.
   */
  public Route<S> method(String method, Endpoint<S> e) {
    node.endpoint(Objects.requireNonNull(method, "method"), Objects.requireNonNull(e, "e"));
    return this;
  }

  /**
   * Adds middleware for this route's endpoints only, run after the app's middleware, in the order
   * added.
   */
  public Route<S> with(Middleware<S> m) {
    node.middleware(Objects.requireNonNull(m, "m"));
    return this;
  }

  /**
   * Serves {@code other} below this path: a request for {@code /api/users} on {@code
   * app.at("/api").nest(other)} runs {@code other}'s middleware and its route {@code /users}, with
   * the parameters of both. {@code other} is consulted at request time, so routes it gets later
   * are served too; its state is ignored in favour of this app's.
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
