package dev.eddy.http.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.eddy.http.Body;
import dev.eddy.http.Headers;
import dev.eddy.http.client.internal.ClientJson;
import dev.eddy.http.client.internal.PathBody;
import dev.eddy.http.client.internal.UriTemplates;
import dev.eddy.http.internal.Bodies;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A request being built (surf's {@code RequestBuilder}), from {@link Client#get} and friends:
 * headers, query parameters, a body and options, then a terminal that sends it.
 *
 * <pre>{@code
 * client.post("/todos").bodyJson(new Todo("write docs")).recvJson(Todo.class);
 * client.get("/search").query("q", "eddy & co").timeout(Duration.ofSeconds(2)).recvString();
 * }</pre>
 *
 * <p>Terminals: {@link #send()} gives the {@link ClientResponse} with its body still streaming;
 * {@link #recvString()}, {@link #recvBytes()} and {@link #recvJson} read the whole body (any
 * status, unless {@link #errorForStatus()}). Stages complete on a worker of the client's runtime.
 *
 * <p>A bad URL (see {@link Client#request(String, String)}) is reported once, the same way for
 * every mistake: each terminal returns a stage failed with an {@link IllegalArgumentException}
 * naming the URL; {@link #build()} throws it.
 *
 * <p>Thread-safety: a builder belongs to one thread until a terminal is called; send it once.
 */
public final class RequestBuilder {

  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";

  private final Client client;
  private final String method;
  private URI uri; // null when invalid is set
  private RuntimeException invalid; // why the URL is bad, reported by the terminals
  private final StringBuilder query = new StringBuilder();
  private final Headers headers = new Headers();
  private Supplier<Body> replay = Body::empty;
  private Body stream;
  private long length;
  private Duration timeout;
  private Duration callTimeout;
  private boolean expectContinue;
  private boolean errorForStatus;

  RequestBuilder(Client client, String method, URI uri) {
    this(client, method, uri, null);
  }

  RequestBuilder(Client client, String method, URI uri, RuntimeException invalid) {
    this.client = client;
    this.method = method;
    this.uri = uri;
    this.invalid = invalid;
  }

  /** Adds a header (repeat to send several values). Host and framing headers are the client's. */
  public RequestBuilder header(String name, String value) {
    headers.add(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Appends {@code segment} to the path as one segment, percent-encoded (RFC 3986): {@code
   * client.get("http://api/items").pathSegment("Café crème")} asks for {@code
   * /items/Caf%C3%A9%20cr%C3%A8me}. A {@code /} in it is encoded too, so it stays one segment.
   */
  public RequestBuilder pathSegment(String segment) {
    Objects.requireNonNull(segment, "segment");
    if (invalid == null) {
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      String joined = (path.endsWith("/") ? path : path + "/")
          + UriTemplates.encodeSegment(segment);
      uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + joined
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }
    return this;
  }

  /** Appends a query parameter, percent-encoded as in an HTML form. */
  public RequestBuilder query(String name, String value) {
    query.append(query.length() == 0 ? "" : "&").append(encode(name)).append('=')
        .append(encode(value));
    return this;
  }

  /** {@code text} in UTF-8 as the body, {@code text/plain;charset=utf-8} unless set. */
  public RequestBuilder body(String text) {
    return bytes(text.getBytes(StandardCharsets.UTF_8), "text/plain;charset=utf-8");
  }

  /** {@code bytes} (not copied) as the body, {@code application/octet-stream} unless set. */
  public RequestBuilder body(byte[] bytes) {
    return bytes(bytes, "application/octet-stream");
  }

  /** The remaining bytes of {@code buffer} (copied now) as the body. */
  public RequestBuilder body(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return body(copy);
  }

  /**
   * The file at {@code path} as the body, streamed from disk with its size as Content-Length
   * (replayable: retries and redirects read it again).
   *
   * @throws java.io.UncheckedIOException if the file's size cannot be read
   */
  public RequestBuilder body(Path path) {
    int piece = client.config().bufferSize();
    long size = new PathBody(client.runtime(), path, piece).length();
    replay = () -> new PathBody(client.runtime(), path, piece);
    stream = null;
    length = size;
    return contentType("application/octet-stream");
  }

  /**
   * A stream as the body, sent once: with Content-Length when {@code body.length()} is known,
   * else chunked. Read only as fast as the connection takes it.
   */
  public RequestBuilder body(Body body) {
    stream = Objects.requireNonNull(body, "body");
    replay = null;
    length = body.length();
    byte[] known = Bodies.bytesOf(body);
    if (known != null) {
      return bytes(known, "application/octet-stream");
    }
    return this;
  }

  /** {@code value} as JSON (Jackson, now), {@code application/json}. */
  public RequestBuilder bodyJson(Object value) {
    return bytes(ClientJson.write(value), JSON);
  }

  /** {@code fields} as {@code application/x-www-form-urlencoded}, in the map's order. */
  public RequestBuilder bodyForm(Map<String, String> fields) {
    StringBuilder form = new StringBuilder();
    fields.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(encode(k))
        .append('=').append(encode(v)));
    return bytes(form.toString().getBytes(StandardCharsets.US_ASCII), FORM);
  }

  /** The limit of this request until its response head (overrides {@code request-timeout}). */
  public RequestBuilder timeout(Duration limit) {
    if (limit.isNegative()) {
      throw new IllegalArgumentException("timeout " + limit + ": expected zero (none) or more");
    }
    this.timeout = limit;
    return this;
  }

  /**
   * The limit of the whole call, from send until the body has been read to its end or closed,
   * redirects included (overrides {@code call-timeout}; {@link Duration#ZERO}: none). When it
   * passes, the pending stage or the next body read fails with a {@link
   * dev.eddy.time.TimeoutExceededException} naming {@code call-timeout}, and the connection is
   * closed.
   */
  public RequestBuilder callTimeout(Duration limit) {
    if (limit.isNegative()) {
      throw new IllegalArgumentException("callTimeout " + limit
          + ": expected zero (none) or more");
    }
    this.callTimeout = limit;
    return this;
  }

  /**
   * Sends {@code Expect: 100-continue} and the body only once the server says {@code 100
   * Continue} (or after {@code expect-continue-timeout}); a server that refuses at once (401,
   * 413) saves the upload.
   */
  public RequestBuilder expectContinue() {
    this.expectContinue = true;
    return this;
  }

  /** Makes a 4xx or 5xx response fail the terminal with an {@link HttpStatusException}. */
  public RequestBuilder errorForStatus() {
    this.errorForStatus = true;
    return this;
  }

  /**
   * The request as middleware will see it.
   *
   * @throws IllegalArgumentException for a bad URL (see {@link Client#request(String, String)})
   * @throws UnsupportedOperationException for an {@code https} URL
   */
  public ClientRequest build() {
    if (invalid != null) {
      throw invalid;
    }
    URI full = uri;
    if (query.length() > 0) {
      String raw = full.getRawQuery();
      String joined = (raw == null || raw.isEmpty() ? "" : raw + "&") + query;
      full = URI.create(full.getScheme() + "://" + full.getRawAuthority()
          + (full.getRawPath() == null || full.getRawPath().isEmpty() ? "/" : full.getRawPath())
          + "?" + joined);
    }
    return new ClientRequest(method, full, headers, replay, stream, length, timeout,
        expectContinue, callTimeout);
  }

  /** Sends the request; the stage completes once the response head is in. */
  public CompletionStage<ClientResponse> send() {
    if (invalid != null) {
      return CompletableFuture.failedStage(invalid);
    }
    CompletionStage<ClientResponse> sent = client.send(build());
    return errorForStatus ? sent.thenCompose(ClientResponse::errorForStatus) : sent;
  }

  /** Sends the request and reads the body as text. */
  public CompletionStage<String> recvString() {
    return send().thenCompose(ClientResponse::bodyString);
  }

  /** Sends the request and reads the body as bytes. */
  public CompletionStage<byte[]> recvBytes() {
    return send().thenCompose(ClientResponse::bodyBytes);
  }

  /**
   * Sends the request and reads the body as JSON into {@code type}. A response that is not 2xx
   * fails the stage with an {@link HttpStatusException} that says the status first ({@code "404
   * Not Found from GET http://host/todos/7: no such todo"}), rather than reading an error body
   * as the type.
   */
  public <T> CompletionStage<T> recvJson(Class<T> type) {
    return send().thenCompose(r -> r.isSuccess() ? r.bodyJson(type) : r.failForStatus(method));
  }

  /** As {@link #recvJson(Class)}, into a generic type, e.g. {@code List<Todo>}. */
  public <T> CompletionStage<T> recvJson(TypeReference<T> type) {
    return send().thenCompose(r -> r.isSuccess() ? r.bodyJson(type) : r.failForStatus(method));
  }

  private RequestBuilder bytes(byte[] bytes, String type) {
    replay = () -> Bodies.of(bytes);
    stream = null;
    length = bytes.length;
    return contentType(type);
  }

  private RequestBuilder contentType(String type) {
    if (!headers.contains("Content-Type")) {
      headers.add("Content-Type", type);
    }
    return this;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
