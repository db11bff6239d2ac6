package dev.eddy.http.middleware;

import dev.eddy.http.Middleware;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol): which other web origins'
 * scripts may call this app. An immutable policy, built fluently and turned into a middleware by
 * {@link #build()}:
 *
 * <pre>{@code
 * app.with(Cors.allowOrigins("https://app.example")
 *     .allowMethods("GET", "POST", "DELETE")
 *     .allowHeaders("Content-Type", "Authorization")
 *     .exposeHeaders("X-Request-Id")
 *     .allowCredentials()
 *     .maxAge(Duration.ofMinutes(10))
 *     .build());
 * }</pre>
 *
 * <p><b>Preflights</b> ({@code OPTIONS} with {@code Origin} and {@code
 * Access-Control-Request-Method}) are answered by the middleware itself, before routing (the app
 * would answer 405 on a route without an OPTIONS endpoint): 204 with the allowed methods and
 * headers when the origin, the method and every requested header are allowed; otherwise 403
 * without CORS headers, so the browser blocks the call, and a body saying what was not allowed.
 *
 * <p><b>Other requests</b> run as usual; when their {@code Origin} is allowed, the response gets
 * {@code Access-Control-Allow-Origin} (and the credentials and exposed headers, if configured).
 * A request from an origin that is not allowed gets its response without CORS headers: the
 * server still answers, the browser keeps the answer from the calling script. When the answer
 * depends on the origin (a list of origins, or credentials), every response gets {@code Vary:
 * Origin} so caches keep the variants apart.
 *
 * <p>Defaults: methods {@code GET, HEAD, POST}; no request headers beyond the CORS-safelisted ones
 * (note that {@code Content-Type: application/json} is not safelisted: allow {@code Content-Type}
 * for JSON APIs); nothing exposed; no credentials; no {@code Access-Control-Max-Age} (browsers
 * then cache a preflight for a few seconds).
 *
 * <p>Thread-safety: immutable; the middleware may run on any number of threads.
 */
public final class Cors {

  private static final Logger log = LoggerFactory.getLogger(Cors.class);
  private static final List<String> SIMPLE_METHODS = List.of("GET", "HEAD", "POST");

  /** Lower-case origins; {@code null} for any origin. */
  private final Set<String> origins;
  private final List<String> methods;
  /** Lower-case names; {@code null} for any header. */
  private final Set<String> headers;
  private final List<String> exposed;
  private final boolean credentials;
  private final Duration maxAge;

  private Cors(Set<String> origins, List<String> methods, Set<String> headers,
      List<String> exposed, boolean credentials, Duration maxAge) {
    this.origins = origins;
    this.methods = methods;
    this.headers = headers;
    this.exposed = exposed;
    this.credentials = credentials;
    this.maxAge = maxAge;
  }

  /**
   * A policy allowing scripts from exactly these origins ({@code scheme://host[:port]}, as a
   * browser sends them in {@code Origin}; compared ignoring case).
   *
   * @throws IllegalArgumentException for a value that is not an origin (a path, a trailing slash,
   *     {@code *}: use {@link #allowAnyOrigin()})
   */
  public static Cors allowOrigins(String... origins) {
    Set<String> set = new LinkedHashSet<>();
    for (String o : origins) {
      set.add(checkOrigin(o).toLowerCase(Locale.ROOT));
    }
    if (set.isEmpty()) {
      throw new IllegalArgumentException("no origins: name at least one, or use allowAnyOrigin()");
    }
    return new Cors(Set.copyOf(set), SIMPLE_METHODS, Set.of(), List.of(), false, null);
  }

  /**
   * A policy allowing scripts from any origin: {@code Access-Control-Allow-Origin: *}, or the
   * caller's origin echoed when credentials are allowed (the standard forbids {@code *} then).
   */
  public static Cors allowAnyOrigin() {
    return new Cors(null, SIMPLE_METHODS, Set.of(), List.of(), false, null);
  }

  /** The methods a cross-origin script may use (replacing the default {@code GET, HEAD, POST}). */
  public Cors allowMethods(String... allowed) {
    List<String> list = new ArrayList<>();
    for (String m : allowed) {
      list.add(checkToken(m, "method"));
    }
    return new Cors(origins, List.copyOf(list), headers, exposed, credentials, maxAge);
  }

  /** The request headers a cross-origin script may send, beyond the CORS-safelisted ones. */
  public Cors allowHeaders(String... allowed) {
    Set<String> set = new LinkedHashSet<>();
    for (String h : allowed) {
      set.add(checkToken(h, "header").toLowerCase(Locale.ROOT));
    }
    return new Cors(origins, methods, Set.copyOf(set), exposed, credentials, maxAge);
  }

  /** Allows any request header a preflight asks for. */
  public Cors allowAnyHeader() {
    return new Cors(origins, methods, null, exposed, credentials, maxAge);
  }

  /** The response headers a cross-origin script may read, beyond the CORS-safelisted ones. */
  public Cors exposeHeaders(String... names) {
    List<String> list = new ArrayList<>();
    for (String h : names) {
      list.add(checkToken(h, "header"));
    }
    return new Cors(origins, methods, headers, List.copyOf(list), credentials, maxAge);
  }

  /** Lets cross-origin scripts send cookies and HTTP authentication, and read the answers. */
  public Cors allowCredentials() {
    return new Cors(origins, methods, headers, exposed, true, maxAge);
  }

  /**
   * How long a browser may cache a preflight's answer ({@code Access-Control-Max-Age}; browsers
   * cap it, Chromium at two hours).
   */
  public Cors maxAge(Duration age) {
    if (age.isNegative()) {
      throw new IllegalArgumentException("maxAge = " + age + ": expected zero or positive");
    }
    return new Cors(origins, methods, headers, exposed, credentials, age);
  }

  /** The middleware that applies this policy. */
  public <S> Middleware<S> build() {
    return (req, next) -> {
      String origin = req.header("Origin");
      if (origin != null && req.method().equals("OPTIONS")
          && req.header("Access-Control-Request-Method") != null) {
        return CompletableFuture.completedStage(preflight(req, origin));
      }
      boolean allowed = origin != null && allows(origin);
      return next.run(req).thenApply(res -> {
        if (allowed) {
          allowOrigin(res, origin);
          if (!exposed.isEmpty()) {
            res.header("Access-Control-Expose-Headers", String.join(", ", exposed));
          }
        } else if (varies()) {
          addVary(res);
        }
        return res;
      });
    };
  }

  private Response preflight(Request<?> req, String origin) {
    String method = req.header("Access-Control-Request-Method");
    String refusal = null;
    if (!allows(origin)) {
      refusal = "origin " + origin + " is not allowed";
    } else if (!methods.contains(method)) {
      refusal = "method " + method + " is not allowed; allowed: " + String.join(", ", methods);
    } else {
      String denied = deniedHeader(req.header("Access-Control-Request-Headers"));
      if (denied != null) {
        refusal = "request header " + denied + " is not allowed";
      }
    }
    if (refusal != null) {
      log.debug("Refused a CORS preflight for {} {}: {}", method, req.rawPath(), refusal);
      Response no = Response.text(Status.FORBIDDEN, "CORS preflight refused: " + refusal);
      if (varies()) {
        addVary(no);
      }
      return no;
    }
    Response yes = Response.of(Status.NO_CONTENT);
    allowOrigin(yes, origin);
    yes.header("Access-Control-Allow-Methods", String.join(", ", methods));
    String requested = req.header("Access-Control-Request-Headers");
    if (requested != null && !requested.isBlank()) {
      // Echo what was asked: it passed the check, and it is exactly what the browser compares.
      yes.header("Access-Control-Allow-Headers", requested.trim());
    }
    if (maxAge != null) {
      yes.header("Access-Control-Max-Age", String.valueOf(maxAge.toSeconds()));
    }
    return yes;
  }

  private boolean allows(String origin) {
    return origins == null || origins.contains(origin.toLowerCase(Locale.ROOT));
  }

  /** Whether the CORS headers depend on the request's origin (caches must know). */
  private boolean varies() {
    return origins != null || credentials;
  }

  private void allowOrigin(Response res, String origin) {
    if (varies()) {
      res.header("Access-Control-Allow-Origin", origin);
      addVary(res);
    } else {
      res.header("Access-Control-Allow-Origin", "*");
    }
    if (credentials) {
      res.header("Access-Control-Allow-Credentials", "true");
    }
  }

  /** The first requested header not allowed, or {@code null}. */
  private String deniedHeader(String requested) {
    if (requested == null || headers == null) {
      return null;
    }
    for (String h : requested.split(",")) {
      String name = h.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !headers.contains(name)) {
        return name;
      }
    }
    return null;
  }

  private static void addVary(Response res) {
    String vary = res.header("Vary");
    if (vary == null || vary.isBlank()) {
      res.header("Vary", "Origin");
      return;
    }
    for (String v : vary.split(",")) {
      String t = v.trim();
      if (t.equals("*") || t.equalsIgnoreCase("Origin")) {
        return;
      }
    }
    res.header("Vary", vary + ", Origin");
  }

  private static String checkOrigin(String o) {
    Objects.requireNonNull(o, "origin");
    int scheme = o.indexOf("://");
    boolean ok = o.equals("null")
        || scheme > 0 && scheme + 3 < o.length() && o.indexOf('/', scheme + 3) < 0
        && o.chars().noneMatch(c -> c <= ' ' || c == '*' || c >= 0x7f);
    if (!ok) {
      throw new IllegalArgumentException("origin '" + o + "': expected scheme://host[:port] "
          + "without a path or trailing slash, e.g. https://app.example:8443");
    }
    return o;
  }

  private static String checkToken(String t, String what) {
    Objects.requireNonNull(t, what);
    if (t.isEmpty() || t.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == ',' || c == ':')) {
      throw new IllegalArgumentException(what + " '" + t + "': expected a token such as "
          + ("method".equals(what) ? "PUT" : "Content-Type"));
    }
    return t;
  }

  @Override
  public String toString() {
    return "Cors[origins=" + (origins == null ? "*" : origins) + ", methods=" + methods
        + ", headers=" + (headers == null ? "*" : headers) + ", exposed=" + exposed
        + ", credentials=" + credentials + ", maxAge=" + maxAge + "]";
  }
}
