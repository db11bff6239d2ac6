package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static dev.eddy.http.codec.Ascii.CR;
import static dev.eddy.http.codec.Ascii.SP;

import java.nio.charset.StandardCharsets;

/**
 * An incremental, strict HTTP/1.1 response parser (RFC 9112) for one client connection, pull
 * style, the mirror of {@link RequestParser}: the client tells it the method of the request it
 * sent ({@link #expectResponseTo}), hands it each buffer as it arrives and calls {@link #next}
 * until it answers {@link Event#NEED_MORE}; when the server closes the connection it calls
 * {@link #endOfInput()}, which ends a close-delimited body or reports the cut.
 *
 * <pre>{@code
 * parser.expectResponseTo("GET");
 * switch (parser.next(data)) {
 *   case NEED_MORE -> readMore();
 *   case HEAD -> { if (!parser.head().interim()) begin(parser.head()); } // 1xx: no BODY, no END
 *   case BODY -> consume(parser.body());     // a view of data: copy what must outlive it
 *   case END -> finish(parser.trailers());
 * }
 * }</pre>
 *
 * <p>An interim (1xx) response yields {@link Event#HEAD} only, and the final response's head
 * follows. No body follows a response to HEAD, a 1xx, 204 or 304 (RFC 9112 §6.3).
 *
 * <p>Field lines, bodies, chunks and trailers are parsed by {@link MessageParser}, exactly as in
 * requests. Errors are {@link HttpParseException}s whose message names the bad bytes; their
 * status is the one a server would have answered for such a request (400 malformed, 413 body too
 * large, 431 head too large, 501 unknown transfer coding, 505 version): a client reports them as
 * a malformed response. The limits are {@link HttpLimits} with {@code maxRequestLine} read as the
 * longest status line. Buffers and threads: see {@link MessageParser}.
 */
public final class ResponseParser extends MessageParser {

  /* The status line (RFC 9112 §4): HTTP-version SP 3DIGIT SP [ reason-phrase ] CRLF. Empty lines
   * before it are skipped (some servers send a stray CRLF after a body), counted against the
   * limit. A missing SP after the code is accepted when the line ends there, as llhttp does. */
  private enum Line { START, START_LF, VERSION, STATUS, REASON, LINE_LF }

  private final HeadRules rules;
  private Line lineState = Line.START;
  private int versionEnd;
  private int reasonStart;
  private int status;
  private String reason;
  private HttpVersion version;
  private boolean headRequest;
  private ResponseHead head;

  /** A parser enforcing {@code limits}, for the first response of a connection. */
  public ResponseParser(HttpLimits limits) {
    super(limits);
    this.rules = new HeadRules(limits, true);
  }

  /**
   * Tells the parser the method of the request whose response comes next: after {@code HEAD}
   * the response has no body, whatever its fields say. Call before each response.
   */
  public void expectResponseTo(String method) {
    this.headRequest = Methods.HEAD.equals(method);
  }

  /** The head of the current response, after {@link Event#HEAD}; kept until the next HEAD. */
  public ResponseHead head() {
    return head;
  }

  @Override
  public boolean idle() {
    return super.idle() && lineState == Line.START;
  }

  @Override
  void resetStartLine() {
    lineState = Line.START;
  }

  @Override
  String lineLimitKey() {
    return "max-status-line";
  }

  @Override
  int startLine(byte[] a, int pos, int limit) throws HttpParseException {
    byte b = a[pos];
    switch (lineState) {
      case START -> {
        if (b == CR) {
          statusLine(1);
          pos++;
          lineState = Line.START_LF;
        } else {
          length = 0;
          status = 0;
          rules.reset();
          lineState = Line.VERSION;
        }
      }
      case START_LF -> {
        expectLf(b, "an empty line before the status line");
        statusLine(1);
        pos++;
        lineState = Line.START;
      }
      case VERSION -> {
        int start = pos;
        pos = run(a, pos, limit, Ascii.TARGET);
        statusLine(pos - start);
        take(a, start, pos);
        if (pos < limit) {
          b = a[pos];
          if (b != SP || length == 0) {
            throw bad("status line: invalid character " + Ascii.show(b) + " after "
                + Ascii.show(line, 0, length) + "; expected HTTP/1.1 followed by one space");
          }
          versionEnd = length;
          version = RequestLine.version(line, 0, versionEnd);
          statusLine(1);
          pos++;
          lineState = Line.STATUS;
        }
      }
      case STATUS -> {
        int start = pos;
        while (pos < limit && (b = a[pos]) >= '0' && b <= '9') {
          pos++;
        }
        statusLine(pos - start);
        take(a, start, pos);
        if (pos < limit) {
          b = a[pos];
          int digits = length - versionEnd;
          if (digits != 3 || (b != SP && b != CR)) {
            throw bad("status line: status code " + Ascii.show(line, versionEnd, length)
                + (digits == 3 ? " followed by " + Ascii.show(b) : "")
                + "; expected three digits, then a space");
          }
          status = (line[versionEnd] - '0') * 100 + (line[versionEnd + 1] - '0') * 10
              + (line[versionEnd + 2] - '0');
          if (status < 100 || status > 599) {
            throw bad("status code " + status + ": expected 100 to 599");
          }
          reasonStart = length;
          if (b == SP) {
            statusLine(1);
            pos++;
            lineState = Line.REASON;
          } else {
            statusLine(1);
            pos++;
            lineState = Line.LINE_LF;
          }
        }
      }
      case REASON -> {
        int start = pos;
        pos = run(a, pos, limit, Ascii.VALUE);
        statusLine(pos - start);
        take(a, start, pos);
        if (pos < limit) {
          b = a[pos];
          if (b != CR) {
            throw bad("status line: invalid character " + Ascii.show(b) + " in the reason "
                + "phrase " + Ascii.show(line, reasonStart, length)
                + "; expected visible characters, spaces or tabs, then CRLF");
          }
          statusLine(1);
          pos++;
          lineState = Line.LINE_LF;
        }
      }
      case LINE_LF -> {
        expectLf(b, "the status line");
        pos++;
        reason = reasonStart == length ? ""
            : new String(line, reasonStart, length - reasonStart, StandardCharsets.ISO_8859_1);
        beginFields();
      }
      default -> throw new IllegalStateException("status line in state " + lineState);
    }
    return pos;
  }

  @Override
  void headerField(int id, int end) throws HttpParseException {
    rules.field(id, line, nameEnd, end);
  }

  @Override
  Event finishHead(Headers fields) throws HttpParseException {
    head = rules.finishResponse(status, reason, version, fields, headRequest);
    if (head.interim()) {
      interim();
      return Event.HEAD;
    }
    switch (head.framing()) {
      case CHUNKED -> bodyChunked();
      case LENGTH -> bodyByLength(head.contentLength());
      case CLOSE -> bodyUntilClose();
      default -> noBody();
    }
    return Event.HEAD;
  }

  private void statusLine(int n) throws HttpParseException {
    lineBytes += n;
    if (lineBytes > limits.maxRequestLine()) {
      throw new HttpParseException(400, "status line longer than " + limits.maxRequestLine()
          + " bytes (max-status-line)");
    }
  }
}
