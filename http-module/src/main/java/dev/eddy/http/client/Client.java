package dev.eddy.http.client;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.Headers;
import dev.eddy.http.client.internal.Dispatcher;
import dev.eddy.http.client.internal.Target;
import dev.eddy.http.client.internal.UriTemplates;
import dev.eddy.net.NetConfig;
import dev.eddy.runtime.Runtime;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An HTTP/1.1 client on the Eddy runtime (surf's {@code Client}): keep-alive connections pooled
 * per host and port, timeouts, redirects, JSON and middleware.
 *
 * <pre>{@code
 * try (Client client = Client.create()) {
 *   Todo todo = client.get("http://127.0.0.1:8080/todos/1").recvJson(Todo.class)
 *       .toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p><b>Runtime.</b> Created on a runtime's worker, a client uses that runtime ({@link
 * Runtime#current()}); created anywhere else (a plain {@code main}) it starts a runtime of its
 * own with the settings of {@code eddy.runtime} and stops it in {@link #close()}. {@link
 * Builder#runtime(Runtime)} chooses one. Every stage a client returns completes on a worker of its
 * runtime: do not block in continuations without {@code Async}.
 *
 * <p><b>Thread-safety.</b> A client is meant to be shared by the whole application: every
 * method may be called from any thread, concurrently. {@link #close()} closes idle connections
 * at once and the busy ones when their exchange ends; requests after it fail.
 *
 * <p><b>URLs.</b> {@link #get(String, Object...)} and its siblings take templates whose {@code
 * {name}} placeholders are filled with percent-encoded path segments. A bad URL is always
 * reported the same way: the request's stage fails, before anything is sent (see {@link
 * #request(String, String)}). Only {@code http://} is supported: an {@code https://} URL fails the
 * stage at once with an {@link UnsupportedOperationException}.
 */
public final class Client implements AutoCloseable {

  private final Runtime runtime;
  private final Runtime ownedRuntime;
  private final ClientConfig config;
  private final URI baseUrl;
  private final List<ClientMiddleware> middleware;
  private final Dispatcher dispatcher;

  private Client(Builder b, Runtime runtime, Runtime owned) {
    this.runtime = runtime;
    this.ownedRuntime = owned;
    this.config = b.config;
    this.baseUrl = b.baseUrl;
    List<ClientMiddleware> chain = new ArrayList<>(b.middleware);
    if (!b.defaultHeaders.isEmpty()) {
      chain.add(0, ClientMiddleware.defaultHeaders(b.defaultHeaders));
    }
    this.middleware = List.copyOf(chain);
    this.dispatcher = new Dispatcher(runtime, config, b.net, b.redirectPolicy);
  }

  /** A client with the settings of {@code eddy.http.client}. */
  public static Client create() {
    return builder().build();
  }

  /** A builder starting from the settings of {@code eddy.http.client} and {@code eddy.net}. */
  public static Builder builder() {
    return builder(EddyConfig.load());
  }

  /** A builder starting from the settings in {@code config}. */
  public static Builder builder(Config config) {
    return new Builder(ClientConfig.from(config), NetConfig.from(config));
  }

  /** A GET request to {@code url} (absolute, or relative to the base URL). */
  public RequestBuilder get(String url) {
    return request("GET", url);
  }

  /**
   * A GET request to a URL template: {@code client.get("/hello/{name}", name)}. Each {@code
   * {...}} placeholder, in order, is replaced by its value ({@code toString()}) percent-encoded as
   * one path segment (RFC 3986), so a space, {@code /}, {@code ?} or {@code é} in a value stays
   * inside its segment. The number of values must be the number of placeholders; put query
   * parameters in with {@link RequestBuilder#query(String, String)}.
   */
  public RequestBuilder get(String urlTemplate, Object... values) {
    return request("GET", urlTemplate, values);
  }

  /** A POST request. */
  public RequestBuilder post(String url) {
    return request("POST", url);
  }

  /** A POST request to a URL template, as {@link #get(String, Object...)}. */
  public RequestBuilder post(String urlTemplate, Object... values) {
    return request("POST", urlTemplate, values);
  }

  /** A PUT request. */
  public RequestBuilder put(String url) {
    return request("PUT", url);
  }

  /** A PUT request to a URL template, as {@link #get(String, Object...)}. */
  public RequestBuilder put(String urlTemplate, Object... values) {
    return request("PUT", urlTemplate, values);
  }

  /** A PATCH request. */
  public RequestBuilder patch(String url) {
    return request("PATCH", url);
  }

  /** A PATCH request to a URL template, as {@link #get(String, Object...)}. */
  public RequestBuilder patch(String urlTemplate, Object... values) {
    return request("PATCH", urlTemplate, values);
  }

  /** A DELETE request. */
  public RequestBuilder delete(String url) {
    return request("DELETE", url);
  }

  /** A DELETE request to a URL template, as {@link #get(String, Object...)}. */
  public RequestBuilder delete(String urlTemplate, Object... values) {
    return request("DELETE", urlTemplate, values);
  }

  /** A HEAD request: the response has headers and no body. */
  public RequestBuilder head(String url) {
    return request("HEAD", url);
  }

  /**
   * A request with any method token.
   *
   * <p>A bad URL never throws here: a malformed one (a space, a character that is not ASCII:
   * percent-encode it, or use a template or {@link RequestBuilder#pathSegment}), one without
   * scheme when the client has no base URL, another scheme than http, or no host make every
   * terminal of the builder fail its stage with an {@link IllegalArgumentException} naming the
   * URL ({@link UnsupportedOperationException} for {@code https}: TLS is not supported yet).
   */
  public RequestBuilder request(String method, String url) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    try {
      return new RequestBuilder(this, method, Target.absolute(baseUrl, url), null);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return new RequestBuilder(this, method, null, e);
    }
  }

  /**
   * A request with any method token to a URL template, as {@link #get(String, Object...)}; a
   * template whose placeholders do not match the values fails the stage as a bad URL does.
   */
  public RequestBuilder request(String method, String urlTemplate, Object... values) {
    Objects.requireNonNull(urlTemplate, "urlTemplate");
    Objects.requireNonNull(values, "values");
    String url;
    try {
      url = UriTemplates.expand(urlTemplate, values);
    } catch (IllegalArgumentException e) {
      return new RequestBuilder(this, Objects.requireNonNull(method, "method"), null, e);
    }
    return request(method, url);
  }

  /**
   * Sends a request built before ({@link RequestBuilder#build()}, or changed by {@code with*})
   * through the middleware, redirects and the pool.
   *
   * @return the response once its head is in; failed with a {@link java.net.ConnectException},
   *     a {@link dev.eddy.time.TimeoutExceededException} naming what timed out, a {@link
   *     MalformedResponseException}, a {@link TooManyRedirectsException} or another {@link
   *     java.io.IOException}
   */
  public CompletionStage<ClientResponse> send(ClientRequest request) {
    return run(request, 0);
  }

  private CompletionStage<ClientResponse> run(ClientRequest request, int i) {
    if (i == middleware.size()) {
      return dispatcher.send(request);
    }
    try {
      CompletionStage<ClientResponse> next = middleware.get(i).handle(request,
          r -> run(r, i + 1));
      return next != null ? next : CompletableFuture.failedStage(new NullPointerException(
          "client middleware " + middleware.get(i) + " returned null"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedStage(e);
    }
  }

  /** The runtime the client's I/O runs on. */
  public Runtime runtime() {
    return runtime;
  }

  /** The client's settings. */
  public ClientConfig config() {
    return config;
  }

  /**
   * Connections opened so far to {@code host:port} (e.g. {@code "127.0.0.1:8080"}) by its
   * current pool. A pool with no connection and no waiting request for {@code idle-timeout} is
   * dropped, and the count starts again from 0.
   */
  public long connectionsOpened(String hostAndPort) {
    return dispatcher.connects(hostAndPort);
  }

  /**
   * Closes the pooled connections (busy ones when their exchange ends) and, if the client
   * started its own runtime, stops it. Call it from a thread outside that runtime. Idempotent.
   */
  @Override
  public void close() {
    dispatcher.close();
    if (ownedRuntime != null) {
      ownedRuntime.close();
    }
  }

  @Override
  public String toString() {
    return "Client[" + (baseUrl == null ? "" : baseUrl + ", ") + runtime + "]";
  }

  /**
   * Settings of a {@link Client}, starting from the configuration. Not thread-safe; build once.
   */
  public static final class Builder {
    private ClientConfig config;
    private NetConfig net;
    private Runtime runtime;
    private URI baseUrl;
    private RedirectPolicy redirectPolicy = RedirectPolicy.followAll();
    private final Headers defaultHeaders = new Headers();
    private final List<ClientMiddleware> middleware = new ArrayList<>();

    private Builder(ClientConfig config, NetConfig net) {
      this.config = config;
      this.net = net;
    }

    /** The runtime to run on (not closed by the client). */
    public Builder runtime(Runtime r) {
      this.runtime = Objects.requireNonNull(r, "runtime");
      return this;
    }

    /** The URL that relative request URLs resolve against, e.g. {@code http://api:8080/v1/}. */
    public Builder baseUrl(String url) {
      this.baseUrl = Target.absolute(null, url);
      return this;
    }

    /** A header every request gets unless it sets it itself. */
    public Builder defaultHeader(String name, String value) {
      defaultHeaders.add(name, value);
      return this;
    }

    /** Adds middleware, after (inside) the middleware added before. */
    public Builder with(ClientMiddleware m) {
      middleware.add(Objects.requireNonNull(m, "middleware"));
      return this;
    }

    /** All settings at once. */
    public Builder config(ClientConfig c) {
      this.config = Objects.requireNonNull(c, "config");
      return this;
    }

    /** The TCP settings of new connections (buffer sizes, no-delay); timeouts are the client's. */
    public Builder net(NetConfig n) {
      this.net = Objects.requireNonNull(n, "net");
      return this;
    }

    /** Connect, per-read and whole-request limits ({@link Duration#ZERO}: none, but connect). */
    public Builder timeouts(Duration connect, Duration read, Duration request) {
      config = config.withTimeouts(connect, read, request);
      return this;
    }

    /** Pool limits per host:port: open connections, waiting requests, idle time. */
    public Builder pool(int connectionsPerHost, int waitersPerHost, Duration idle) {
      config = config.withPool(connectionsPerHost, waitersPerHost, idle);
      return this;
    }

    /** Redirects followed per request at most; 0 returns 3xx responses as they are. */
    public Builder maxRedirects(int redirects) {
      config = config.withMaxRedirects(redirects);
      return this;
    }

    /**
     * Asks {@code policy} before following each redirect hop (for example to refuse private
     * addresses); a refused hop returns the 3xx response as it is. Default: follow every hop the
     * client's rules allow.
     */
    public Builder redirectPolicy(RedirectPolicy policy) {
      this.redirectPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The limit of each whole call, from send until the body was read to its end or closed
     * ({@link Duration#ZERO}: none); {@code call-timeout} in the configuration.
     */
    public Builder callTimeout(Duration limit) {
      config = config.withCallTimeout(limit);
      return this;
    }

    /** The client. */
    public Client build() {
      if (runtime != null) {
        return new Client(this, runtime, null);
      }
      if (Thread.currentThread() instanceof dev.eddy.runtime.internal.WorkerThread) {
        return new Client(this, Runtime.current(), null);
      }
      Runtime owned = Runtime.create();
      return new Client(this, owned, owned);
    }
  }
}
