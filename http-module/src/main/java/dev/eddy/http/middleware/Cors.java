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
 * alone would answer 204 with only {@code Allow}, no CORS headers): 204 with the allowed methods
 * and headers when the origin, the method and every requested header are allowed; otherwise 403
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
  /** Whether {@code Origin: null} is allowed ({@link #allowNullOriginUnsafe()}). */
  private final boolean nullOrigin;
  /** Whether any origin may send credentials ({@link #allowAnyOriginWithCredentialsUnsafe()}). */
  private final boolean anyWithCredentials;

  private Cors(Set<String> origins, List<String> methods, Set<String> headers,
      List<String> exposed, boolean credentials, Duration maxAge, boolean nullOrigin,
      boolean anyWithCredentials) {
    this.origins = origins;
    this.methods = methods;
    this.headers = headers;
    this.exposed = exposed;
    this.credentials = credentials;
    this.maxAge = maxAge;
    this.nullOrigin = nullOrigin;
    this.anyWithCredentials = anyWithCredentials;
  }

  /** This policy with other methods, headers, exposed headers, credentials and max age. */
  private Cors with(List<String> m, Set<String> h, List<String> e, boolean c, Duration age) {
    return new Cors(origins, m, h, e, c, age, nullOrigin, anyWithCredentials);
  }

  /**
   * A policy allowing scripts from exactly these origins ({@code scheme://host[:port]}, as a
   * browser sends them in {@code Origin}; compared ignoring case).
   *
   * <p>The literal origin {@code null} is refused: browsers send it for sandboxed iframes,
   * {@code data:} URLs, local files and some redirects, so any web page can make it; allow it
   * with {@link #allowNullOriginUnsafe()} if you really mean that.
   *
   * @throws IllegalArgumentException for a value that is not an origin (a path, a trailing slash,
   *     {@code *}: use {@link #allowAnyOrigin()}), or for {@code "null"}
   */
  public static Cors allowOrigins(String... origins) {
    Set<String> set = new LinkedHashSet<>();
    for (String o : origins) {
      set.add(checkOrigin(o).toLowerCase(Locale.ROOT));
    }
    if (set.isEmpty()) {
      throw new IllegalArgumentException("no origins: name at least one, or use allowAnyOrigin()");
    }
    return new Cors(Set.copyOf(set), SIMPLE_METHODS, Set.of(), List.of(), false, null, false,
        false);
  }

  /**
   * A policy allowing scripts from any origin, without credentials: {@code
   * Access-Control-Allow-Origin: *}. Adding {@link #allowCredentials()} to it is refused by
   * {@link #build()}: name the origins with {@link #allowOrigins}, or see {@link
   * #allowAnyOriginWithCredentialsUnsafe()}.
   */
  public static Cors allowAnyOrigin() {
    return new Cors(null, SIMPLE_METHODS, Set.of(), List.of(), false, null, false, false);
  }

  /**
   * A policy letting scripts from <em>every</em> origin send cookies and HTTP authentication and
   * read the answers: the caller's origin is echoed with {@code
   * Access-Control-Allow-Credentials: true} (the standard forbids {@code *} with credentials, for
   * this very reason). Any page on the web can then act as a logged-in user of this app; it is
   * only safe for an app that has no credentials worth protecting. {@code Origin: null} is still
   * refused unless {@link #allowNullOriginUnsafe()} is added too. Logged as a warning when built.
   */
  public static Cors allowAnyOriginWithCredentialsUnsafe() {
    return new Cors(null, SIMPLE_METHODS, Set.of(), List.of(), true, null, false, true);
  }

  /**
   * Also allows {@code Origin: null}, which browsers send for sandboxed iframes, {@code data:}
   * URLs, local files and some cross-origin redirects: any web page can produce it, so allowing
   * it (with credentials above all) is close to allowing every origin.
   */
  public Cors allowNullOriginUnsafe() {
    return new Cors(origins, methods, headers, exposed, credentials, maxAge, true,
        anyWithCredentials);
  }

  /** The methods a cross-origin script may use (replacing the default {@code GET, HEAD, POST}). */
  public Cors allowMethods(String... allowed) {
    List<String> list = new ArrayList<>();
    for (String m : allowed) {
      list.add(checkToken(m, "method"));
    }
    return with(List.copyOf(list), headers, exposed, credentials, maxAge);
  }

  /** The request headers a cross-origin script may send, beyond the CORS-safelisted ones. */
  public Cors allowHeaders(String... allowed) {
    Set<String> set = new LinkedHashSet<>();
    for (String h : allowed) {
      set.add(checkToken(h, "header").toLowerCase(Locale.ROOT));
    }
    return with(methods, Set.copyOf(set), exposed, credentials, maxAge);
  }

  /** Allows any request header a preflight asks for. */
  public Cors allowAnyHeader() {
    return with(methods, null, exposed, credentials, maxAge);
  }

  /** The response headers a cross-origin script may read, beyond the CORS-safelisted ones. */
  public Cors exposeHeaders(String... names) {
    List<String> list = new ArrayList<>();
    for (String h : names) {
      list.add(checkToken(h, "header"));
    }
    return with(methods, headers, List.copyOf(list), credentials, maxAge);
  }

  /**
   * Lets cross-origin scripts of the allowed origins send cookies and HTTP authentication, and
   * read the answers. Only with {@link #allowOrigins}: on {@link #allowAnyOrigin()}, {@link
   * #build()} refuses it.
   */
  public Cors allowCredentials() {
    return with(methods, headers, exposed, true, maxAge);
  }

  /**
   * How long a browser may cache a preflight's answer ({@code Access-Control-Max-Age}; browsers
   * cap it, Chromium at two hours).
   */
  public Cors maxAge(Duration age) {
    if (age.isNegative()) {
      throw new IllegalArgumentException("maxAge = " + age + ": expected zero or positive");
    }
    return with(methods, headers, exposed, credentials, age);
  }

  /**
   * The middleware that applies this policy.
   *
   * @throws IllegalStateException for {@code allowAnyOrigin().allowCredentials()}, which would let
   *     every web page make credentialed requests and read the answers
   */
  public <S> Middleware<S> build() {
    if (origins == null && credentials && !anyWithCredentials) {
      throw new IllegalStateException("CORS policy " + this + ": allowAnyOrigin() with "
          + "allowCredentials() lets every web page act as the logged-in user; name the origins "
          + "with allowOrigins(\"https://app.example\", ...).allowCredentials(), or, if no "
          + "credential is worth protecting, use allowAnyOriginWithCredentialsUnsafe()");
    }
    if (anyWithCredentials) {
      log.warn("CORS policy {} lets every origin make credentialed requests", this);
    }
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
          addVary(res, "Origin");
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
        addVary(no, "Origin");
      }
      return preflightVaries(no);
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
    return preflightVaries(yes);
  }

  /** A preflight's answer depends on the method and headers asked for: caches must know. */
  private static Response preflightVaries(Response r) {
    addVary(r, "Access-Control-Request-Headers");
    addVary(r, "Access-Control-Request-Method");
    return r;
  }

  private boolean allows(String origin) {
    if (origin.equals("null")) {
      // an opaque origin any page can produce: never echoed unless asked for; '*' is harmless
      return nullOrigin || (origins == null && !credentials);
    }
    return origins == null || origins.contains(origin.toLowerCase(Locale.ROOT));
  }

  /** Whether the CORS headers depend on the request's origin (caches must know). */
  private boolean varies() {
    return origins != null || credentials;
  }

  private void allowOrigin(Response res, String origin) {
    if (varies()) {
      res.header("Access-Control-Allow-Origin", origin);
      addVary(res, "Origin");
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

  /** Adds {@code name} to the response's {@code Vary}, unless it is there (or {@code *}). */
  private static void addVary(Response res, String name) {
    String vary = res.header("Vary");
    if (vary == null || vary.isBlank()) {
      res.header("Vary", name);
      return;
    }
    for (String v : vary.split(",")) {
      String t = v.trim();
      if (t.equals("*") || t.equalsIgnoreCase(name)) {
        return;
      }
    }
    res.header("Vary", vary + ", " + name);
  }

  private static String checkOrigin(String o) {
    Objects.requireNonNull(o, "origin");
    int scheme = o.indexOf("://");
    if (o.equals("null")) {
      throw new IllegalArgumentException("origin 'null': browsers send it for sandboxed iframes, "
          + "data: URLs and local files, so any web page can; expected scheme://host[:port], or "
          + "add allowNullOriginUnsafe() to the policy if you really mean it");
    }
    boolean ok = scheme > 0 && scheme + 3 < o.length() && o.indexOf('/', scheme + 3) < 0
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
        + ", credentials=" + credentials + ", maxAge=" + maxAge
        + (nullOrigin ? ", null origin allowed" : "") + "]";
  }
}
