package dev.eddy.http.internal;

import dev.eddy.http.Endpoint;
import dev.eddy.http.Middleware;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route table of an app: a tree of path segments (tide's router, as a segment trie). Each
 * node may have static children, one {@code :param} child and one {@code *rest} child, and per
 * method an endpoint. A lookup prefers a static segment, then a parameter, then a wildcard, and
 * backtracks when a branch has no match further down, so {@code /users/me} and {@code
 * /users/:id} coexist.
 *
 * <p><b>Route middleware covers a subtree.</b> The middleware of a node runs for every endpoint
 * of that node and of every node below it in the tree (static, parameter and wildcard children,
 * however they were created: through the route, through the app, or hidden by {@code nest} and
 * {@code serveDir}). A match collects it from the root down to the matched node, outer first,
 * each node's in the order added. Only the matched node's ancestry counts: a request that
 * backtracks out of a guarded branch into an unguarded one is answered by the unguarded route.
 *
 * <p>Thread-safety: routes are added while the app is set up (one thread); lookups, from any
 * thread, must happen-after the last change (starting the server, or handing the app to another
 * thread safely, provides that).
 *
 * @param <S> the app's state type
 */
public final class Router<S> {

  /** The methods this server implements; others are answered 501. */
  public static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
      "CONNECT", "OPTIONS", "TRACE", "PATCH");
  /** The endpoint key of {@code Route.all}. */
  public static final String ANY = "*";

  private final Node<S> root = new Node<>();

  /** One place in the tree: the route at a path. */
  public static final class Node<S> {
    private final Map<String, Node<S>> statics = new HashMap<>();
    private Node<S> param;
    private String paramName;
    private Node<S> rest;
    private String restName;
    private final Map<String, Endpoint<S>> endpoints = new LinkedHashMap<>();
    private final List<Middleware<S>> middleware = new ArrayList<>();
    private final String pattern;
    /** The node this one is below; {@code null} for the root. */
    private final Node<S> parent;
    /** Middleware additions anywhere in this tree: one counter shared by all its nodes. */
    private final int[] changes;
    /** {@link #middlewareOf} of this node as of {@code changes[0]}; replaced whole, never edited. */
    private Chain<S> chain;

    Node() {
      this("", null);
    }

    private Node(String pattern, Node<S> parent) {
      this.pattern = pattern;
      this.parent = parent;
      this.changes = parent == null ? new int[1] : parent.changes;
    }

    /**
     * Sets the endpoint of {@code method} ({@link #ANY} for every method).
     *
     * @throws IllegalStateException if {@code method} has an endpoint here already: a second
     *     registration would silently replace the first
     */
    public void endpoint(String method, Endpoint<S> endpoint) {
      if (endpoints.containsKey(method)) {
        String what = method.equals(ANY) ? "every method (all, nest)" : method;
        throw new IllegalStateException("route '" + pattern() + "': " + what + " has an endpoint "
            + "already; a second one for " + (method.equals(ANY) ? "it" : method + " "
            + pattern()) + " would replace it");
      }
      endpoints.put(method, endpoint);
    }

    /** Adds route-level middleware, run for the endpoints of this node and every node below. */
    public void middleware(Middleware<S> m) {
      middleware.add(m);
      changes[0]++;
    }

    /** The path pattern of this node, e.g. {@code /users/:id}. */
    public String pattern() {
      return pattern.isEmpty() ? "/" : pattern;
    }

    /**
     * The node at {@code path} below this one, created as needed.
     *
     * @throws IllegalArgumentException for a malformed pattern: an empty parameter name, a
     *     wildcard not last, or a parameter that clashes with a differently named one
     */
    public Node<S> at(String path) {
      Node<S> node = this;
      List<String> parts = patternSegments(path);
      for (int i = 0; i < parts.size(); i++) {
        String part = parts.get(i);
        refuseForeignSyntax(part, path);
        String here = node.pattern + "/" + part;
        if (part.startsWith(":")) {
          node = node.paramChild(requireName(part, path), here);
        } else if (part.startsWith("*")) {
          if (i != parts.size() - 1) {
            throw new IllegalArgumentException("route '" + path + "': the wildcard '" + part
                + "' must be the last segment");
          }
          node = node.restChild(part.length() == 1 ? "" : part.substring(1), here);
        } else {
          Node<S> above = node;
          node = node.statics.computeIfAbsent(part, k -> new Node<>(here, above));
        }
      }
      return node;
    }

    private Node<S> paramChild(String name, String here) {
      if (param == null) {
        param = new Node<>(here, this);
        paramName = name;
      } else if (!paramName.equals(name)) {
        throw new IllegalArgumentException("route '" + here + "': parameter ':" + name
            + "' clashes with ':" + paramName + "' at the same place");
      }
      return param;
    }

    private Node<S> restChild(String name, String here) {
      if (rest == null) {
        rest = new Node<>(here, this);
        restName = name;
      } else if (!restName.equals(name)) {
        throw new IllegalArgumentException("route '" + here + "': wildcard '*" + name
            + "' clashes with '*" + restName + "' at the same place");
      }
      return rest;
    }

    /**
     * Refuses the parameter syntax of other frameworks ({@code {id}} of Javalin, Spring and
     * Helidon, {@code <id>} of Flask), which would otherwise be a literal segment that no client
     * sends: a route answering 404 and a {@code param("id")} that fails.
     */
    private static void refuseForeignSyntax(String part, String path) {
      boolean braces = part.indexOf('{') >= 0 || part.indexOf('}') >= 0;
      boolean angles = part.startsWith("<") && part.endsWith(">");
      if (!braces && !angles) {
        return;
      }
      String name = part.replaceAll("[{}<>]", "");
      int colon = name.indexOf(':'); // {id:[0-9]+} (a regex), <int:id> (a converter)
      if (colon >= 0) {
        name = angles ? name.substring(colon + 1) : name.substring(0, colon);
      }
      if (name.matches("[A-Za-z_][A-Za-z0-9_]*") && part.matches("[{<][^/]*[}>]")) {
        throw new IllegalArgumentException("route '" + path + "': write ':" + name
            + "' for a path parameter");
      }
      throw new IllegalArgumentException("route '" + path + "': segment '" + part + "' holds "
          + "another framework's parameter syntax; Eddy writes ':name' for a path parameter and "
          + "a last '*name' for the rest of the path");
    }

    private static String requireName(String part, String path) {
      if (part.length() < 2) {
        throw new IllegalArgumentException("route '" + path + "': a parameter needs a name, "
            + "as in ':id'");
      }
      return part.substring(1);
    }
  }

  /**
   * The outcome of a lookup: a matched endpoint with its route middleware and parameters, or the
   * status to answer (404 no route; 405 with the allowed methods and the route's middleware, or
   * 204 with the same for an OPTIONS request the route has no endpoint for; 501 unknown method).
   * {@code rawRest} is the raw (undecoded) segments a wildcard took, a view of the segments looked up,
   * without a trailing empty one; empty when no wildcard matched.
   */
  public record Match<S>(Endpoint<S> endpoint, List<Middleware<S>> middleware,
      Map<String, String> params, int status, Set<String> allowed, List<String> rawRest) {

    private static <S> Match<S> refusal(int status, Set<String> allowed) {
      return new Match<>(null, List.of(), Map.of(), status, allowed, List.of());
    }
  }

  /** What a walk found on the way: the parameters, and the raw segments of a wildcard. */
  private static final class Found {
    final Map<String, String> params = new LinkedHashMap<>(4);
    List<String> rawRest = List.of();
  }

  /** The root node (path {@code /}). */
  public Node<S> root() {
    return root;
  }

  /**
   * Finds the endpoint for {@code method} on a path split into raw (undecoded) {@code segments},
   * starting at {@code from}. {@code HEAD} falls back to {@code GET}.
   */
  public Match<S> find(String method, List<String> segments, int from) {
    int end = segments.size();
    if (end > from && segments.get(end - 1).isEmpty()) {
      end--; // a trailing slash names the same resource
    }
    Found found = new Found();
    Node<S> node = walk(root, segments, from, end, found);
    if (node == null) {
      return Match.refusal(404, Set.of());
    }
    Endpoint<S> e = node.endpoints.get(method);
    if (e == null && method.equals("HEAD")) {
      e = node.endpoints.get("GET");
    }
    if (e == null) {
      e = node.endpoints.get(ANY);
    }
    if (e != null) {
      return new Match<>(e, middlewareOf(node), found.params, 200, Set.of(), found.rawRest);
    }
    if (!KNOWN_METHODS.contains(method)) {
      return Match.refusal(501, Set.of());
    }
    Set<String> allowed = new TreeSet<>(node.endpoints.keySet());
    if (allowed.contains("GET")) {
      allowed.add("HEAD");
    }
    allowed.add("OPTIONS"); // answered below when the app has no OPTIONS endpoint here
    // The route exists: its guards answer first, so a 405's Allow (or an OPTIONS answer) does not
    // map a guarded subtree, and a route-level CORS policy answers the preflight of a route
    // without an OPTIONS endpoint before the app's own OPTIONS answer would.
    return new Match<>(null, middlewareOf(node), Map.of(), method.equals("OPTIONS") ? 204 : 405,
        Collections.unmodifiableSet(allowed), List.of());
  }

  /** A node's middleware chain as of a count of changes; immutable, so safe to share racily. */
  private record Chain<S>(int at, List<Middleware<S>> middleware) {}

  /**
   * The middleware of {@code node} and every node above it, outermost first: computed once per
   * change of the tree's middleware, not per request.
   */
  private static <S> List<Middleware<S>> middlewareOf(Node<S> node) {
    Chain<S> c = node.chain;
    int at = node.changes[0];
    if (c == null || c.at() != at) {
      c = new Chain<>(at, collectMiddleware(node));
      node.chain = c;
    }
    return c.middleware();
  }

  private static <S> List<Middleware<S>> collectMiddleware(Node<S> node) {
    int count = 0;
    Node<S> only = null;
    for (Node<S> n = node; n != null; n = n.parent) {
      if (!n.middleware.isEmpty()) {
        count++;
        only = n;
      }
    }
    if (count <= 1) {
      return only == null ? List.of() : Collections.unmodifiableList(only.middleware);
    }
    List<Node<S>> path = new ArrayList<>();
    for (Node<S> n = node; n != null; n = n.parent) {
      path.add(n);
    }
    List<Middleware<S>> all = new ArrayList<>();
    for (int i = path.size() - 1; i >= 0; i--) {
      all.addAll(path.get(i).middleware);
    }
    return List.copyOf(all);
  }

  private Node<S> walk(Node<S> node, List<String> segments, int i, int end, Found seen) {
    Map<String, String> params = seen.params;
    if (i == end) {
      if (!node.endpoints.isEmpty()) {
        return node;
      }
      if (node.rest != null && !node.rest.endpoints.isEmpty()) {
        params.put(node.restName, "");
        return node.rest;
      }
      return null;
    }
    String segment = segments.get(i);
    Node<S> next = node.statics.get(Uris.decode(segment, false));
    if (next != null) {
      Node<S> found = walk(next, segments, i + 1, end, seen);
      if (found != null) {
        return found;
      }
    }
    if (node.param != null && !segment.isEmpty()) {
      params.put(node.paramName, Uris.decode(segment, false));
      Node<S> found = walk(node.param, segments, i + 1, end, seen);
      if (found != null) {
        return found;
      }
      params.remove(node.paramName);
    }
    if (node.rest != null && !node.rest.endpoints.isEmpty()) {
      List<String> rest = segments.subList(i, end);
      params.put(node.restName, Uris.decode(String.join("/", rest), false));
      seen.rawRest = Collections.unmodifiableList(rest);
      return node.rest;
    }
    return null;
  }

  /** The segments of a route pattern such as {@code /users/:id}, without empty ones. */
  static List<String> patternSegments(String path) {
    List<String> parts = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    }
    return parts;
  }
}
