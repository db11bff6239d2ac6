package dev.eddy.http.codec;

/** How the end of a request body is found (RFC 9112 §6.3). */
public enum BodyFraming {
  /** No body: neither Content-Length nor Transfer-Encoding was sent. */
  NONE,
  /** Exactly {@link RequestHead#contentLength()} bytes follow the head (possibly 0). */
  LENGTH,
  /** The body is chunked; its length is known only at the last chunk. */
  CHUNKED
}
