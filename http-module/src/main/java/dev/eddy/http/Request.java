package dev.eddy.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eddy.http.internal.Bodies;
import dev.eddy.http.internal.Json;
import dev.eddy.http.internal.Params;
import dev.eddy.http.internal.Uris;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * An HTTP request as an endpoint or a middleware sees it (tide's {@code Request<State>}): the
 * method, the path and its parameters, the query, headers, cookies, the body, the app's shared
 * state and the per-request extensions that middleware set.
 *
 * <p>Everything that comes from the client is validated before a handler sees it: the codec
 * refuses malformed requests, and a bad percent-encoding or a body that does not parse as asked
 * fails with an {@link HttpError} 400 naming what was wrong.
 *
 * <p><b>Threads.</b> A request is handled by one thread at a time: the worker that parsed it runs
 * the middleware and the endpoint; continuations of stages may run elsewhere, each happening-after
 * the step before. {@link #setExtension} is for middleware before it calls {@code next}; it is not
 * synchronized.
 *
 * @param <S> the type of the app's shared state ({@link App#create(Object)})
 */
public final class Request<S> {

  private final String method;
  private final String target;
  private final String version;
  private final Headers headers;
  private Body body;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final S state;
  private final String rawPath;
  private Map<String, String> params = Collections.emptyMap();
  private List<String> rawWildcard = List.of();
  private String path;
  private Map<String, List<String>> query;
  private Map<String, String> cookies;
  private Map<Class<?>, Object> extensions;
  private final int maxFormFields;
  private final int maxFormSize;

  Request(Builder b, S state) {
    this.method = b.method;
    this.target = b.target;
    this.version = b.version;
    this.headers = b.headers.readOnly();
    this.body = b.body;
    this.remote = b.remote;
    this.local = b.local;
    this.state = state;
    this.rawPath = Uris.rawPath(target);
    this.maxFormFields = b.maxFormFields;
    this.maxFormSize = b.maxFormSize;
  }

  // ---- building (tests, and the server) ------------------------------------------------------

  /** A GET request for {@code target} (e.g. {@code "/hello/ada?lang=en"}), to build on. */
  public static Builder get(String target) {
    return new Builder("GET", target);
  }

  /** A POST request for {@code target}, to build on. */
  public static Builder post(String target) {
    return new Builder("POST", target);
  }

  /** A request with any method, to build on. */
  public static Builder builder(String method, String target) {
    return new Builder(method, target);
  }

  /**
   * The parts of a request before an app takes it: what a test hands to {@link App#handle} and
   * what the server builds from the wire. Not thread-safe.
   */
  public static final class Builder {
    /** The default of {@code eddy.http.server.max-form-fields}. */
    static final int DEFAULT_MAX_FORM_FIELDS = 1000;
    /** The default of {@code eddy.http.server.max-form-size}. */
    static final int DEFAULT_MAX_FORM_SIZE = 1 << 20;

    /** The addresses of a request built in memory (a resolved constant: no lookup per request). */
    private static final InetSocketAddress LOOPBACK =
        new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);

    private final String method;
    private final String target;
    private String version = "HTTP/1.1";
    private Headers headers = new Headers();
    private Body body = Body.empty();
    private InetSocketAddress remote = LOOPBACK;
    private InetSocketAddress local = LOOPBACK;
    private int maxFormFields = DEFAULT_MAX_FORM_FIELDS;
    private int maxFormSize = DEFAULT_MAX_FORM_SIZE;

    Builder(String method, String target) {
      this.method = Objects.requireNonNull(method, "method");
      this.target = Objects.requireNonNull(target, "target");
    }

    /** Adds a header. */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** Uses {@code all} as the headers (not copied). */
    public Builder headers(Headers all) {
      this.headers = Objects.requireNonNull(all, "all");
      return this;
    }

    /** The body as UTF-8 text. */
    public Builder body(String text) {
      return body(Body.of(text));
    }

    /** The body as bytes (not copied). */
    public Builder body(byte[] bytes) {
      return body(Body.of(bytes));
    }

    /** The body. */
    public Builder body(Body stream) {
      this.body = Objects.requireNonNull(stream, "stream");
      return this;
    }

    /** A JSON body of {@code value}, with {@code Content-Type: application/json}. */
    public Builder json(Object value) {
      try {
        headers.set("Content-Type", "application/json");
        return body(Json.mapper().writeValueAsBytes(value));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write " + value.getClass().getName()
            + " as JSON: " + e.getOriginalMessage(), e);
      }
    }

    /** The protocol version, {@code HTTP/1.1} by default. */
    public Builder version(String v) {
      this.version = Objects.requireNonNull(v, "v");
      return this;
    }

    /** The addresses of the connection: the client's and the server's. */
    public Builder addresses(InetSocketAddress remoteAddress, InetSocketAddress localAddress) {
      this.remote = Objects.requireNonNull(remoteAddress, "remoteAddress");
      this.local = Objects.requireNonNull(localAddress, "localAddress");
      return this;
    }

    /**
     * The limits of {@link Request#bodyForm()} and of the query ({@link Request#queries()}): at
     * most {@code maxFields} fields (more are a 400) and a form body of at most {@code maxSize}
     * bytes (more is a 413). The server sets those of its {@link HttpServerConfig} ({@code
     * max-form-fields}, {@code max-form-size}); a request built for {@link App#handle} has the
     * defaults of {@code reference.conf}, 1000 fields and 1 MiB, unless set here.
     *
     * @throws IllegalArgumentException if either is below 1
     */
    public Builder formLimits(int maxFields, int maxSize) {
      dev.eddy.config.Settings.requireArg(maxFields >= 1, "maxFields", maxFields, "at least 1");
      dev.eddy.config.Settings.requireArg(maxSize >= 1, "maxSize", maxSize, "at least 1");
      this.maxFormFields = maxFields;
      this.maxFormSize = maxSize;
      return this;
    }

    <S> Request<S> build(S state) {
      return new Request<>(this, state);
    }
  }

  // ---- the request line ----------------------------------------------------------------------

  /** The method, as sent (upper case for the standard ones: {@code GET}, {@code POST}...). */
  public String method() {
    return method;
  }

  /** The request-target exactly as sent, e.g. {@code /a%20b?x=1}. */
  public String target() {
    return target;
  }

  /** The protocol version, {@code HTTP/1.1} or {@code HTTP/1.0}. */
  public String version() {
    return version;
  }

  /** The path, percent-decoded, e.g. {@code /a b}. */
  public String path() {
    String p = path;
    if (p == null) {
      p = Uris.decode(rawPath, false);
      path = p;
    }
    return p;
  }

  /** The path as sent, not decoded. */
  public String rawPath() {
    return rawPath;
  }

  /**
   * The value of path parameter {@code name} of the matched route ({@code :name}, or {@code *name}
   * for the rest of the path), percent-decoded.
   *
   * @throws IllegalArgumentException if the route has no such parameter (a bug in the app)
   */
  public String param(String name) {
    String v = params.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no path parameter '" + name + "' in this route; it has "
          + params.keySet());
    }
    return v;
  }

  /**
   * Path parameter {@code name} as a {@code long}: {@code app.at("/items/:id").get(req ->
   * store.get(req.paramLong("id")))}.
   *
   * @throws HttpError 400 naming the parameter and its value if it is not an integer that fits
   *     a {@code long} ("path parameter 'id' = 'abc': expected an integer such as 42")
   * @throws IllegalArgumentException if the route has no such parameter (a bug in the app)
   */
  public long paramLong(String name) {
    return param(name, Long.class);
  }

  /**
   * Path parameter {@code name} as an {@code int}.
   *
   * @throws HttpError 400 naming the parameter and its value if it is not an integer that fits
   *     an {@code int}
   * @throws IllegalArgumentException if the route has no such parameter (a bug in the app)
   */
  public int paramInt(String name) {
    return param(name, Integer.class);
  }

  /**
   * Path parameter {@code name} as a {@code type}: {@code String}, {@code Integer}, {@code Long},
   * {@code Double}, {@code Boolean} ({@code true}/{@code false}, any case), {@code BigDecimal},
   * {@code UUID} or an enum (by constant name: exact, else ignoring case); a primitive class
   * ({@code int.class}) is taken as its box.
   *
   * @throws HttpError 400 naming the parameter, its value and the expected form if the value is
   *     not a {@code type}
   * @throws IllegalArgumentException if the route has no such parameter, or {@code type} is not
   *     one of those above (bugs in the app, so a 500)
   */
  public <T> T param(String name, Class<T> type) {
    return Params.convert("path parameter", name, param(name), Objects.requireNonNull(type,
        "type"));
  }

  /** Every path parameter of the matched route. */
  public Map<String, String> params() {
    return params;
  }

  void setParams(Map<String, String> matched) {
    this.params = matched;
  }

  /**
   * The raw (undecoded) segments of the path that the matched route's wildcard ({@code *name})
   * took, in order, without a trailing empty one: {@code [css, a%2Fb.css]} for {@code
   * GET /static/css/a%2Fb.css} on {@code /static/*path}. Empty when the route has no wildcard or
   * it matched nothing. For handlers that must tell an encoded slash from a separator, which the
   * decoded {@link #param(String) param} cannot (a file server); taken from the router's own
   * split of the path, so it costs nothing. In a nested app, the wildcard of the innermost route.
   */
  public List<String> rawWildcard() {
    return rawWildcard;
  }

  void setRawWildcard(List<String> segments) {
    this.rawWildcard = segments;
  }

  // ---- the query ----------------------------------------------------------------------------

  /** The first value of query parameter {@code name}, decoded; {@code null} if absent. */
  public String query(String name) {
    List<String> values = queries().get(name);
    return values == null ? null : values.get(0);
  }

  /**
   * The first value of query parameter {@code name} as a {@code long}; empty if the parameter is
   * absent, so that the endpoint chooses: a default ({@code req.queryLong("limit").orElse(20)})
   * or a 400 of its own.
   *
   * @throws HttpError 400 naming the parameter and its value if it is present but not an integer
   *     that fits a {@code long} (an empty value, {@code ?limit=}, is present)
   */
  public OptionalLong queryLong(String name) {
    String v = query(name);
    return v == null ? OptionalLong.empty()
        : OptionalLong.of(Params.convert("query parameter", name, v, Long.class));
  }

  /**
   * The first value of query parameter {@code name} as an {@code int}; empty if absent.
   *
   * @throws HttpError 400 naming the parameter and its value if it is present but not an integer
   *     that fits an {@code int}
   */
  public OptionalInt queryInt(String name) {
    String v = query(name);
    return v == null ? OptionalInt.empty()
        : OptionalInt.of(Params.convert("query parameter", name, v, Integer.class));
  }

  /**
   * The first value of query parameter {@code name} as a {@code type} (the types of {@link
   * #param(String, Class)}); empty if absent.
   *
   * @throws HttpError 400 naming the parameter, its value and the expected form if it is present
   *     but not a {@code type}
   * @throws IllegalArgumentException if {@code type} is not supported (a bug in the app)
   */
  public <T> Optional<T> query(String name, Class<T> type) {
    Objects.requireNonNull(type, "type");
    String v = query(name);
    return v == null ? Optional.empty()
        : Optional.of(Params.convert("query parameter", name, v, type));
  }

  /** Every value of query parameter {@code name}, in order; empty if absent. */
  public List<String> queryAll(String name) {
    return queries().getOrDefault(name, List.of());
  }

  /**
   * Every query parameter with its values, in order of first appearance.
   *
   * @throws HttpError 400 for a malformed percent-encoding, or more fields than {@code
   *     max-form-fields}
   */
  public Map<String, List<String>> queries() {
    Map<String, List<String>> q = query;
    if (q == null) {
      q = Collections.unmodifiableMap(Uris.parsePairs(Uris.rawQuery(target), maxFormFields,
          "query"));
      query = q;
    }
    return q;
  }

  /**
   * The query as an object of {@code type} (a record or bean), from the first value of each
   * parameter, as Jackson converts a map. Parameters the type has no field for are ignored. A
   * primitive field ({@code int limit}) must be in the query, while a boxed one ({@code Integer
   * limit}) is {@code null} when absent; for a bean (setters) an absent field keeps its initial
   * value.
   *
   * @throws HttpError 400 naming the parameter that does not fit, with its value and the expected
   *     form ("query parameter 'limit' = 'ten': expected an integer ..."), or the primitive one
   *     that is missing
   */
  public <T> T query(Class<T> type) {
    Map<String, String> first = new LinkedHashMap<>();
    queries().forEach((k, v) -> first.put(k, v.get(0)));
    return Params.queryObject(first, type);
  }

  // ---- headers and cookies ------------------------------------------------------------------

  /** The first value of header {@code name} (any case), or {@code null}. */
  public String header(String name) {
    return headers.get(name);
  }

  /** Every header, read-only. */
  public Headers headers() {
    return headers;
  }

  /** The value of cookie {@code name} from the {@code Cookie} header, or {@code null}. */
  public String cookie(String name) {
    return cookies().get(name);
  }

  /** Every cookie the client sent (the first of a repeated name). */
  public Map<String, String> cookies() {
    Map<String, String> c = cookies;
    if (c == null) {
      c = new LinkedHashMap<>();
      for (String line : headers.all("Cookie")) {
        for (String pair : line.split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            String value = pair.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
              value = value.substring(1, value.length() - 1);
            }
            c.putIfAbsent(pair.substring(0, eq).trim(), value);
          }
        }
      }
      c = Collections.unmodifiableMap(c);
      cookies = c;
    }
    return c;
  }

  // ---- the connection and the app -----------------------------------------------------------

  /** The client's address. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** The server's address the request came in on. */
  public InetSocketAddress localAddress() {
    return local;
  }

  /** The app's shared state ({@link App#create(Object)}); {@code null} for {@link App#create()}. */
  public S state() {
    return state;
  }

  /** The per-request value of {@code type} a middleware set, or {@code null}. */
  public <T> T extension(Class<T> type) {
    return extensions == null ? null : type.cast(extensions.get(type));
  }

  /** Sets the per-request value of {@code type}, for the middleware and endpoint after this. */
  public <T> void setExtension(Class<T> type, T value) {
    if (extensions == null) {
      extensions = new HashMap<>(4);
    }
    extensions.put(type, type.cast(value));
  }

  // ---- the body ------------------------------------------------------------------------------

  /**
   * Replaces the body that the middleware and endpoint after this one read: for middleware that
   * wraps it (to count, limit or decode the bytes) before it calls {@code next}. The replacement
   * usually reads the original; whatever of the original is left unread when the response goes
   * out is discarded by the server as usual. Not synchronized, like {@link #setExtension}.
   */
  public void setBody(Body replacement) {
    this.body = Objects.requireNonNull(replacement, "replacement");
  }

  /** The body as a stream, to read piece by piece (once). */
  public Body body() {
    return body;
  }

  /** Reads the whole body. */
  public CompletionStage<byte[]> bodyBytes() {
    return body.bytes();
  }

  /** Reads the whole body as UTF-8 text. */
  public CompletionStage<String> bodyString() {
    return body.string();
  }

  /**
   * Reads the whole body as JSON into a {@code type}, with the mapper of {@link JsonConfig}
   * (strict by default: see there). The body is read when its {@code Content-Type} is {@code
   * application/json} or {@code application/*+json} (any parameters, any case) or when there is no
   * {@code Content-Type} at all (a hand-written client that leaves it out is still served); any
   * other declared type is refused unread.
   *
   * @return a stage failed with an {@link HttpError}: 415 for a declared Content-Type that is not
   *     JSON; 400 "request body is not JSON: ..." saying where malformed JSON breaks, or "request
   *     body does not fit T: ..." naming the field, the value and the type expected (or the
   *     unknown field) for valid JSON of the wrong shape
   */
  public <T> CompletionStage<T> bodyJson(Class<T> type) {
    String contentType = headers.get("Content-Type");
    if (contentType != null && !isJson(contentType)) {
      return java.util.concurrent.CompletableFuture.failedStage(new HttpError(
          Status.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + contentType
          + "': expected application/json or application/*+json"));
    }
    return body.bytes().thenApply(bytes -> {
      try {
        return Json.mapper().readValue(bytes, type);
      } catch (IOException e) {
        throw HttpError.badRequest((Json.malformed(e) ? "request body is not JSON: "
            : "request body does not fit " + type.getSimpleName() + ": ") + Json.describe(e));
      }
    });
  }

  private static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
        .toLowerCase(java.util.Locale.ROOT);
    return media.equals("application/json")
        || media.startsWith("application/") && media.endsWith("+json");
  }

  /**
   * Reads the whole body as an {@code application/x-www-form-urlencoded} form: each field with
   * its values, in order.
   *
   * <p>Within limits ({@code max-form-size}, {@code max-form-fields} of {@code eddy.http.server}):
   * a body declared longer than {@code max-form-size} is refused before a byte of it is read, and
   * one that streams past it is refused as soon as it does; parsing stops at the first field past
   * {@code max-form-fields}.
   *
   * @return a stage failed with an {@link HttpError}: 415 when the body is not such a form, 413
   *     when it is longer than {@code max-form-size}, 400 for more fields than {@code
   *     max-form-fields}, for bytes that are not ASCII (non-ASCII text must be percent-encoded)
   *     or for a malformed percent-encoding
   */
  public CompletionStage<Map<String, List<String>>> bodyForm() {
    String type = headers.get("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT)
        .startsWith("application/x-www-form-urlencoded")) {
      return java.util.concurrent.CompletableFuture.failedStage(new HttpError(
          Status.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + type
          + "': expected application/x-www-form-urlencoded"));
    }
    return Bodies.readAll(body, maxFormSize, "form body (max-form-size)").thenApply(bytes -> {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] < 0) {
          throw HttpError.badRequest("form body byte " + i + " is not ASCII (0x"
              + Integer.toHexString(bytes[i] & 0xff) + "): expected percent-encoding");
        }
      }
      return Collections.unmodifiableMap(Uris.parsePairs(
          new String(bytes, StandardCharsets.ISO_8859_1), maxFormFields, "form"));
    });
  }

  @Override
  public String toString() {
    return method + " " + target;
  }
}
