package dev.eddy.http.codec;

/**
 * Writes HTTP/1.1 responses into a reusable per-connection byte array: the status line and
 * fields, the automatic {@code Date}, {@code Server}, framing ({@code Content-Length} or {@code
 * Transfer-Encoding: chunked}) and {@code Connection: close} fields, then body bytes or chunks.
 * Several pipelined responses may be appended before one {@link #drain()} hands them to the
 * connection as a single write.
 *
 * <pre>{@code
 * encoder.status(200)
 *     .header("Content-Type", "text/plain")
 *     .endHead(body.length, !head.keepAlive());     // or CHUNKED / NO_BODY
 * encoder.body(body);                                // not for HEAD requests
 * connection.write(encoder.drain());                 // write copies or sends before returning
 * }</pre>
 *
 * <p><b>No response splitting.</b> {@link #header} checks names (token characters) and values
 * (no CR, LF, NUL or other control byte but HTAB; nothing outside ISO-8859-1) and throws {@link
 * IllegalArgumentException} naming the field, before a byte of it is written. The framing and
 * {@code Connection} fields are the encoder's: setting them by hand is refused, so a handler
 * cannot contradict the framing the server sends. A {@code Date} or {@code Server} field set by
 * hand replaces the automatic one.
 *
 * <p><b>Methods and status codes</b> are the server's concern: it passes {@link #NO_BODY} for
 * 1xx, 204 and 304 answers, the would-be length (and then no body) for HEAD, and {@link
 * #CHUNKED} only to HTTP/1.1 clients (for HTTP/1.0 it sends no length and closes).
 *
 * <p>Field checks, framing fields, body bytes and chunks are {@link MessageEncoder}'s, shared with
 * the client's {@link RequestEncoder}.
 *
 * <p><b>Threads.</b> One encoder per connection; not thread-safe. The {@link HttpDate} it reads
 * may be shared.
 */
public final class ResponseEncoder extends MessageEncoder {

  private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
  private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
  private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
  private final HttpDate date;
  private final byte[] serverLine;
  private int status; // of the head being written; 0 outside a head
  private boolean customDate;
  private boolean customServer;

  /**
   * @param date the shared date cache, usually {@link HttpDate#SYSTEM}
   * @param server the {@code Server} field value (setting {@code server-header}), or {@code null}
   *     to send none
   * @throws IllegalArgumentException if {@code server} is not a valid field value
   */
  public ResponseEncoder(HttpDate date, String server) {
    this.date = date;
    if (server == null) {
      this.serverLine = null;
    } else {
      checkValue("Server", server);
      this.serverLine = ascii("Server: " + server + "\r\n");
    }
  }

  /** Starts a response with status {@code code} (100-599) and its registered reason phrase. */
  public ResponseEncoder status(int code) {
    startHead(code);
    write(StatusLines.of(code));
    return this;
  }

  /** Starts a response with status {@code code} and a reason phrase of your own. */
  public ResponseEncoder status(int code, String reason) {
    checkValue("reason phrase", reason);
    startHead(code);
    write(StatusLines.encode(code, reason));
    return this;
  }

  /**
   * Adds a field to the head being written.
   *
   * @throws IllegalArgumentException naming the field if the name is not a token, the value holds
   *     CR, LF, NUL, another control byte or a character past ISO-8859-1, or the field is one the
   *     encoder writes itself ({@code Content-Length}, {@code Transfer-Encoding}, {@code
   *     Connection})
   */
  public ResponseEncoder header(String name, String value) {
    requireHead();
    checkName(name);
    if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
        || name.equalsIgnoreCase("Connection")) {
      throw new IllegalArgumentException("field " + Ascii.show(name)
          + " is written by the server from the response's framing and keep-alive decision");
    }
    checkValue(name, value);
    customDate |= name.equalsIgnoreCase("Date");
    customServer |= name.equalsIgnoreCase("Server");
    field(name, value);
    return this;
  }

  /**
   * Ends the head: adds {@code Date}, {@code Server}, the framing field and {@code Connection:
   * close} when {@code close}, then the empty line.
   *
   * @param contentLength the body length (0 or more), {@link #CHUNKED} or {@link #NO_BODY}
   * @param close whether the server closes the connection after this response
   * @throws IllegalArgumentException for a body length on a 1xx or 204 response
   */
  public void endHead(long contentLength, boolean close) {
    endHead(contentLength, close, false);
  }

  /**
   * As {@link #endHead(long, boolean)}, and with {@code announceKeepAlive} (for an HTTP/1.0
   * client that asked to keep the connection) a {@code Connection: keep-alive} field when not
   * closing: an HTTP/1.0 client assumes a close without it.
   */
  public void endHead(long contentLength, boolean close, boolean announceKeepAlive) {
    requireHead();
    if (contentLength < NO_BODY) {
      throw new IllegalArgumentException("content length " + contentLength
          + ": expected 0 or more, CHUNKED or NO_BODY");
    }
    boolean bodiless = status < 200 || status == 204;
    if (bodiless && contentLength != NO_BODY && contentLength != 0) {
      throw new IllegalArgumentException("a " + status + " response has no body; got length "
          + contentLength);
    }
    if (!customDate) {
      write(date.line());
    }
    if (serverLine != null && !customServer) {
      write(serverLine);
    }
    if (!bodiless) {
      framing(contentLength);
    }
    if (close) {
      write(CONNECTION_CLOSE);
    } else if (announceKeepAlive) {
      write(CONNECTION_KEEP_ALIVE);
    }
    write(CRLF);
    status = 0;
  }

  /**
   * Drops everything written after {@code mark} (a {@link #size()} taken before), a head in
   * progress included: for a response refused half-way, so another can be written instead.
   *
   * @throws IllegalArgumentException if {@code mark} is not between 0 and {@link #size()}
   */
  public void rollback(int mark) {
    if (mark < 0 || mark > count) {
      throw new IllegalArgumentException("mark " + mark + ": expected 0 to " + count);
    }
    count = mark;
    status = 0;
    customDate = false;
    customServer = false;
  }

  /** Writes the interim {@code 100 Continue} answer to {@code Expect: 100-continue}. */
  public void writeContinue() {
    requireNoHead();
    write(CONTINUE);
  }

  private void startHead(int code) {
    requireNoHead();
    if (code < StatusLines.MIN || code > StatusLines.MAX) {
      throw new IllegalArgumentException("status " + code + ": expected 100 to 599");
    }
    status = code;
    customDate = false;
    customServer = false;
  }

  private void requireHead() {
    if (status == 0) {
      throw new IllegalStateException("no response head in progress; call status() first");
    }
  }

  @Override
  void requireNoHead() {
    if (status != 0) {
      throw new IllegalStateException("the head of a " + status
          + " response is in progress; call endHead() first");
    }
  }
}
