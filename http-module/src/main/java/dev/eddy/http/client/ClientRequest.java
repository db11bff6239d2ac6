package dev.eddy.http.client;

import dev.eddy.http.Body;
import dev.eddy.http.Headers;
import dev.eddy.http.internal.Bodies;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A request as middleware sees it: method, absolute {@code http} URL, headers, body and
 * per-request options. Immutable: the {@code with*} methods return changed copies, so a
 * middleware can retry or redirect the original unchanged. Built by {@link RequestBuilder}.
 *
 * <p>A body is <em>replayable</em> when it can be sent again (bytes, text, JSON, a form, a file):
 * then {@link #body()} returns a fresh {@link Body} each time, and retries and 307/308 redirects
 * resend it. A stream ({@link RequestBuilder#body(Body)}) is sent once.
 *
 * <p>Thread-safety: immutable, safe to share; the headers are read-only.
 */
public final class ClientRequest {

  private final String method;
  private final URI uri;
  private final Headers headers;
  private final Supplier<Body> replay; // null for a one-shot stream or no body
  private final Body stream; // the one-shot stream, or null
  private final long length; // -1 unknown (chunked), else the body length (0: no body)
  private final Duration timeout; // null: the client's request-timeout
  private final boolean expectContinue;
  private final Duration callTimeout; // null: the client's call-timeout

  ClientRequest(String method, URI uri, Headers headers, Supplier<Body> replay, Body stream,
      long length, Duration timeout, boolean expectContinue, Duration callTimeout) {
    this.method = Objects.requireNonNull(method, "method");
    this.uri = Objects.requireNonNull(uri, "uri");
    this.headers = headers.isReadOnly() ? headers : copy(headers).readOnly();
    this.replay = replay;
    this.stream = stream;
    this.length = length;
    this.timeout = timeout;
    this.expectContinue = expectContinue;
    this.callTimeout = callTimeout;
  }

  /** The method, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /** The absolute URL, query included. */
  public URI uri() {
    return uri;
  }

  /** The headers the caller set (the client adds Host, framing and default headers). */
  public Headers headers() {
    return headers;
  }

  /** The first value of header {@code name} (any case), or {@code null}. */
  public String header(String name) {
    return headers.get(name);
  }

  /**
   * The body to send: a fresh one per call when {@link #isReplayable()}, else the one stream
   * (readable once). {@link Body#empty()} for a request without body.
   */
  public Body body() {
    if (replay != null) {
      return replay.get();
    }
    return stream != null ? stream : Body.empty();
  }

  /** Whether the body can be sent again (no body, bytes, text, JSON, form, file). */
  public boolean isReplayable() {
    return stream == null;
  }

  /** Whether there is a body (a non-empty one, or a stream). */
  public boolean hasBody() {
    return length != 0;
  }

  /** The body length in bytes, or -1 when unknown (sent chunked). */
  public long bodyLength() {
    return length;
  }

  /** The limit of this request until its response head, or {@code null} for the client's. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The limit of this whole call, body included, or {@code null} for the client's {@code
   * call-timeout}.
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** Whether to send {@code Expect: 100-continue} and wait before the body. */
  public boolean expectContinue() {
    return expectContinue;
  }

  /** Whether the method is idempotent (RFC 9110 §9.2.2): GET, HEAD, PUT, DELETE, OPTIONS, TRACE.
   */
  public boolean isIdempotent() {
    return switch (method) {
      case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
      default -> false;
    };
  }

  /** A copy with another method. */
  public ClientRequest withMethod(String newMethod) {
    return new ClientRequest(newMethod, uri, headers, replay, stream, length, timeout,
        expectContinue, callTimeout);
  }

  /** A copy with another absolute URL. */
  public ClientRequest withUri(URI newUri) {
    return new ClientRequest(method, newUri, headers, replay, stream, length, timeout,
        expectContinue, callTimeout);
  }

  /** A copy where header {@code name} has the one value {@code value}. */
  public ClientRequest withHeader(String name, String value) {
    Headers h = copy(headers);
    h.set(name, value);
    return new ClientRequest(method, uri, h, replay, stream, length, timeout, expectContinue,
        callTimeout);
  }

  /** A copy without header {@code name}. */
  public ClientRequest withoutHeader(String name) {
    if (!headers.contains(name)) {
      return this;
    }
    Headers h = copy(headers);
    h.remove(name);
    return new ClientRequest(method, uri, h, replay, stream, length, timeout, expectContinue,
        callTimeout);
  }

  /** A copy with {@code bytes} as its (replayable) body; the array is not copied. */
  public ClientRequest withBody(byte[] bytes) {
    return new ClientRequest(method, uri, headers, () -> Bodies.of(bytes), null, bytes.length,
        timeout, expectContinue, callTimeout);
  }

  /** A copy without body. */
  public ClientRequest withoutBody() {
    return new ClientRequest(method, uri, headers.contains("Content-Type")
        ? copy(headers).remove("Content-Type") : headers, Body::empty, null, 0, timeout,
        expectContinue, callTimeout);
  }

  /** A copy with another limit until the response head ({@code null}: the client's). */
  public ClientRequest withTimeout(Duration limit) {
    return new ClientRequest(method, uri, headers, replay, stream, length, limit,
        expectContinue, callTimeout);
  }

  /**
   * A copy with another limit of the whole call, from send until the body was read to its end
   * or closed ({@link Duration#ZERO}: none; {@code null}: the client's {@code call-timeout}).
   */
  public ClientRequest withCallTimeout(Duration limit) {
    return new ClientRequest(method, uri, headers, replay, stream, length, timeout,
        expectContinue, limit);
  }

  static Headers copy(Headers h) {
    Headers out = new Headers();
    for (int i = 0; i < h.size(); i++) {
      out.add(h.name(i), h.value(i));
    }
    return out;
  }

  @Override
  public String toString() {
    return method + " " + uri;
  }
}
