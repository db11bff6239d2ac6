package dev.eddy.http.codec;

/**
 * Writes HTTP/1.1 requests into a reusable per-connection byte array, the client's mirror of
 * {@link ResponseEncoder}: the request line, {@code Host}, the caller's fields, the framing field
 * ({@code Content-Length} or {@code Transfer-Encoding: chunked}) and {@code Connection: close}
 * when asked, then body bytes or chunks.
 *
 * <pre>{@code
 * encoder.start("POST", "/todos?page=2", "example.com:8080")
 *     .header("Content-Type", "application/json")
 *     .endHead(body.length, false);                  // or CHUNKED / NO_BODY
 * encoder.body(body);
 * connection.writeAll(encoder.drain());               // valid until the next encoder call
 * }</pre>
 *
 * <p><b>No request splitting.</b> The method must be a token, the target visible ASCII without
 * spaces (origin-form {@code /path?query}), the host a valid {@code host[:port]}; {@link #header}
 * checks names and values as {@link ResponseEncoder} does and refuses the fields the encoder
 * writes itself ({@code Host}, {@code Content-Length}, {@code Transfer-Encoding}, {@code
 * Connection}), each with an {@link IllegalArgumentException} naming the bad value before a byte
 * of it is written.
 *
 * <p><b>Threads.</b> One encoder per connection; not thread-safe.
 */
public final class RequestEncoder extends MessageEncoder {

  private static final byte[] HTTP11 = ascii(" HTTP/1.1\r\n");
  private static final byte[] HOST = ascii("Host: ");
  private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
  private static final byte[] EXPECT_CONTINUE = ascii("Expect: 100-continue\r\n");

  private boolean inHead;

  /**
   * Starts a request: the request line and the {@code Host} field.
   *
   * @param method a method token such as {@code GET}
   * @param target the origin-form target, {@code /path?query}, already percent-encoded
   * @param host the authority, {@code host} or {@code host:port}
   * @throws IllegalArgumentException naming the bad part
   */
  public RequestEncoder start(String method, String target, String host) {
    requireNoHead();
    checkToken("method", method);
    if (target == null || target.isEmpty() || target.charAt(0) != '/') {
      throw new IllegalArgumentException("request target " + (target == null ? "null"
          : Ascii.show(target)) + ": expected origin-form /path?query");
    }
    for (int i = 0; i < target.length(); i++) {
      if (!Ascii.is(target.charAt(i), Ascii.TARGET)) {
        throw new IllegalArgumentException("request target " + Ascii.show(target)
            + ": invalid character at index " + i + "; expected visible ASCII (percent-encode "
            + "the rest)");
      }
    }
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("empty Host; expected host[:port]");
    }
    for (int i = 0; i < host.length(); i++) {
      if (!Ascii.is(host.charAt(i), Ascii.HOST)) {
        throw new IllegalArgumentException("Host " + Ascii.show(host) + ": invalid character at "
            + "index " + i + "; expected host[:port]");
      }
    }
    inHead = true;
    ensure(method.length() + target.length() + host.length() + 24);
    putChars(method);
    out[count++] = ' ';
    putChars(target);
    write(HTTP11);
    write(HOST);
    putChars(host);
    write(CRLF);
    return this;
  }

  /**
   * Adds a field to the head being written.
   *
   * @throws IllegalArgumentException naming the field if the name is not a token, the value holds
   *     CR, LF, NUL, another control byte or a character past ISO-8859-1, or the field is one the
   *     encoder writes itself
   */
  public RequestEncoder header(String name, String value) {
    requireHead();
    checkName(name);
    if (isOwnField(name)) {
      throw new IllegalArgumentException("field " + Ascii.show(name)
          + " is written by the client from the request's URL, body framing and keep-alive "
          + "decision");
    }
    checkValue(name, value);
    field(name, value);
    return this;
  }

  /** Whether the encoder writes field {@code name} itself, so {@link #header} refuses it. */
  public static boolean isOwnField(String name) {
    return name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Length")
        || name.equalsIgnoreCase("Transfer-Encoding") || name.equalsIgnoreCase("Connection");
  }

  /**
   * Ends the head: the framing field, {@code Expect: 100-continue} when asked, {@code Connection:
   * close} when {@code close}, then the empty line.
   *
   * @param contentLength the body length (0 or more), {@link #CHUNKED} or {@link #NO_BODY}
   * @param close whether the client closes the connection after this exchange
   * @param expectContinue whether to ask the server for {@code 100 Continue} before the body
   */
  public void endHead(long contentLength, boolean close, boolean expectContinue) {
    requireHead();
    if (contentLength < NO_BODY) {
      throw new IllegalArgumentException("content length " + contentLength
          + ": expected 0 or more, CHUNKED or NO_BODY");
    }
    framing(contentLength);
    if (expectContinue) {
      write(EXPECT_CONTINUE);
    }
    if (close) {
      write(CONNECTION_CLOSE);
    }
    write(CRLF);
    inHead = false;
  }

  /** Drops everything not drained yet, a head in progress included (a request given up). */
  public void reset() {
    count = 0;
    inHead = false;
  }

  private static void checkToken(String what, String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("empty " + what + "; expected a token such as GET");
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Ascii.is(token.charAt(i), Ascii.TOKEN)) {
        throw new IllegalArgumentException(what + " " + Ascii.show(token)
            + ": invalid character at index " + i + "; expected token characters");
      }
    }
  }

  private void requireHead() {
    if (!inHead) {
      throw new IllegalStateException("no request head in progress; call start() first");
    }
  }

  @Override
  void requireNoHead() {
    if (inHead) {
      throw new IllegalStateException("a request head is in progress; call endHead() first");
    }
  }
}
