package dev.eddy.http.codec;

/** How the end of a message body is found (RFC 9112 §6.3). */
public enum BodyFraming {
  /** No body: neither Content-Length nor Transfer-Encoding was sent. */
  NONE,
  /** Exactly {@code contentLength()} bytes of the head follow it (possibly 0). */
  LENGTH,
  /** The body is chunked; its length is known only at the last chunk. */
  CHUNKED,
  /**
   * Responses only: the body runs until the server closes the connection (no Content-Length, no
   * chunked coding), so the connection cannot be reused.
   */
  CLOSE
}
