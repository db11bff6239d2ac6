package dev.eddy.http.codec;

import dev.eddy.http.Headers;

/**
 * The status line and header fields of one response, validated, with the framing and
 * keep-alive decisions already taken from the fields (RFC 9112 §6.3, §9.3).
 *
 * @param version the protocol version of the status line
 * @param status the status code, 100 to 599
 * @param reason the reason phrase as sent (possibly empty); clients should not act on it
 * @param headers the header fields in order, names as sent; read-only
 * @param framing how the body ends: {@link BodyFraming#NONE} for a HEAD request, 1xx, 204 and
 *     304 whatever the fields say
 * @param contentLength the body length for {@link BodyFraming#LENGTH}, 0 for {@link
 *     BodyFraming#NONE}, -1 for chunked and close-delimited bodies
 * @param keepAlive whether the connection may carry another request after this response:
 *     HTTP/1.1 unless {@code Connection: close}; HTTP/1.0 only with {@code Connection:
 *     keep-alive}; never after a body that ends with the connection
 */
public record ResponseHead(
    HttpVersion version,
    int status,
    String reason,
    Headers headers,
    BodyFraming framing,
    long contentLength,
    boolean keepAlive) {

  /** Whether this is an interim (1xx) response: the final one follows. */
  public boolean interim() {
    return status < 200;
  }
}
