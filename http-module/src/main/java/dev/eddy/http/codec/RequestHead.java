package dev.eddy.http.codec;

import dev.eddy.http.Headers;

/**
 * The request line and header fields of one request, validated, with the decisions the server
 * needs already taken from the fields.
 *
 * @param method the method; one of the {@link Methods} constants (same instance) when standard
 * @param target the request-target exactly as sent (origin-, absolute-, authority- or
 *     asterisk-form), not decoded
 * @param version the protocol version
 * @param headers the header fields in order, names as sent
 * @param framing how the body ends
 * @param contentLength the body length for {@link BodyFraming#LENGTH}, 0 for {@link
 *     BodyFraming#NONE}, -1 for {@link BodyFraming#CHUNKED}
 * @param keepAlive whether the connection may serve another request after this one: HTTP/1.1
 *     unless {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive} and
 *     without {@code close}
 * @param expectContinue an HTTP/1.1 request with {@code Expect: 100-continue}: the client waits
 *     for a {@code 100 Continue} (or a final answer) before it sends the body. Other expectations
 *     are left in {@link #headers()} for the server to refuse with 417 if it wants.
 */
public record RequestHead(
    String method,
    String target,
    HttpVersion version,
    Headers headers,
    BodyFraming framing,
    long contentLength,
    boolean keepAlive,
    boolean expectContinue) {

  /** Whether a body follows (chunked, or a non-zero Content-Length). */
  public boolean hasBody() {
    return framing == BodyFraming.CHUNKED || contentLength > 0;
  }
}
