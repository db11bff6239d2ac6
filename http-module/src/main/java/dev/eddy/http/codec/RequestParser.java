package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static dev.eddy.http.codec.Ascii.CR;
import static dev.eddy.http.codec.Ascii.LF;
import static dev.eddy.http.codec.Ascii.SP;

import java.nio.charset.StandardCharsets;

/**
 * An incremental, strict HTTP/1.1 request parser (RFC 9112) for one connection, pull style: the
 * server hands it each buffer as it arrives and calls {@link #next} until it answers {@link
 * Event#NEED_MORE}. Each request yields {@link Event#HEAD}, then zero or more {@link Event#BODY},
 * then {@link Event#END}; the next pipelined request follows in the same buffer.
 *
 * <pre>{@code
 * void onData(Connection c, ByteBuffer data) {
 *   for (;;) {
 *     switch (parser.next(data)) {              // throws HttpParseException: answer, close
 *       case NEED_MORE -> { return; }           // every byte of data was consumed
 *       case HEAD -> begin(parser.head());      // to pause here, keep data's remaining bytes
 *       case BODY -> append(parser.body());     // a view of data: valid during this call only
 *       case END -> finish(parser.trailers());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Field lines, bodies, chunks and trailers are parsed by {@link MessageParser}, shared with
 * the client's {@link ResponseParser}; this class adds the request line and the request's head
 * rules ({@link HeadRules}). Buffers, errors and threads: see {@link MessageParser}. Every
 * {@link HttpParseException} carries the status to answer (400, 413, 414, 431, 501 or 505).
 */
public final class RequestParser extends MessageParser {

  /* The request line: START/START_LF (empty lines before it, RFC 9112 §2.2, counted against
   * max-request-line), METHOD TARGET VERSION copied into `line`, LINE_LF; 414 past the limit. */
  private enum Line { START, START_LF, METHOD, TARGET, VERSION, LINE_LF }

  private final HeadRules rules;
  private Line lineState = Line.START;
  private int methodEnd;
  private int targetEnd;
  private String method;
  private String target;
  private HttpVersion version;
  private RequestHead head;

  /** A parser enforcing {@code limits}, ready for the first request of a connection. */
  public RequestParser(HttpLimits limits) {
    super(limits);
    this.rules = new HeadRules(limits, false);
  }

  /** The head of the current request, after {@link Event#HEAD}; kept until the next HEAD. */
  public RequestHead head() {
    return head;
  }

  /**
   * Whether the parser is between requests with no byte of a next one received: a server may
   * close such a connection on shutdown or idle timeout without cutting a request short.
   */
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
    return "max-request-line";
  }

  /** Copies the run of {@code cls} bytes at {@code pos} into the line, counted against its limit. */
  private int takeRun(byte[] a, int pos, int limit, int cls) throws HttpParseException {
    int end = run(a, pos, limit, cls);
    requestLine(end - pos);
    take(a, pos, end);
    return end;
  }

  @Override
  int startLine(byte[] a, int pos, int limit) throws HttpParseException {
    byte b = a[pos];
    switch (lineState) {
      case START -> {
        if (b == CR) {
          requestLine(1);
          pos++;
          lineState = Line.START_LF;
        } else if (b == LF) {
          throw bad("bare LF before the request line; expected CRLF");
        } else {
          length = 0;
          rules.reset();
          lineState = Line.METHOD;
        }
      }
      case START_LF -> {
        expectLf(b, "an empty line before the request line");
        requestLine(1);
        pos++;
        lineState = Line.START;
      }
      case METHOD -> {
        pos = takeRun(a, pos, limit, Ascii.TOKEN);
        if (pos < limit) {
          b = a[pos];
          if (length == 0) {
            throw bad("invalid character " + Ascii.show(b) + " at the start of the request "
                + "line; expected a method token such as GET");
          }
          if (b != SP) {
            throw bad("request line: invalid character " + Ascii.show(b) + " after method "
                + Ascii.show(line, 0, length) + "; expected a token followed by one space");
          }
          methodEnd = length;
          requestLine(1);
          pos++;
          lineState = Line.TARGET;
        }
      }
      case TARGET -> {
        pos = takeRun(a, pos, limit, Ascii.TARGET);
        if (pos < limit) {
          b = a[pos];
          if (b != SP || length == methodEnd) {
            throw bad("request target " + Ascii.show(line, methodEnd, length)
                + ": invalid character " + Ascii.show(b)
                + "; expected visible ASCII followed by one space and the HTTP version");
          }
          targetEnd = length;
          requestLine(1);
          pos++;
          lineState = Line.VERSION;
        }
      }
      case VERSION -> {
        pos = takeRun(a, pos, limit, Ascii.TARGET);
        if (pos < limit) {
          b = a[pos];
          if (b != CR) {
            throw bad("request line: invalid character " + Ascii.show(b) + " after version "
                + Ascii.show(line, targetEnd, length) + "; expected CRLF");
          }
          requestLine(1);
          pos++;
          lineState = Line.LINE_LF;
        }
      }
      case LINE_LF -> {
        expectLf(b, "the request line");
        pos++;
        startHead();
      }
      default -> throw new IllegalStateException("request line in state " + lineState);
    }
    return pos;
  }

  private void startHead() throws HttpParseException {
    HttpVersion version = RequestLine.version(line, targetEnd, length);
    String method = Methods.of(line, methodEnd);
    String target = new String(line, methodEnd, targetEnd - methodEnd, StandardCharsets.ISO_8859_1);
    RequestLine.checkTarget(method, target);
    this.method = method;
    this.target = target;
    this.version = version;
    beginFields();
  }

  @Override
  void headerField(int id, int end) throws HttpParseException {
    rules.field(id, line, nameEnd, end);
  }

  @Override
  Event finishHead(Headers fields) throws HttpParseException {
    head = rules.finish(method, target, version, fields);
    switch (head.framing()) {
      case CHUNKED -> bodyChunked();
      case LENGTH -> bodyByLength(head.contentLength());
      default -> noBody();
    }
    return Event.HEAD;
  }

  private void requestLine(int n) throws HttpParseException {
    lineBytes += n;
    if (lineBytes > limits.maxRequestLine()) {
      String where = switch (lineState) {
        case METHOD -> " in the method";
        case TARGET -> " in the request target";
        case VERSION, LINE_LF -> " in the version";
        default -> " in the empty lines before it";
      };
      throw new HttpParseException(414, "request line longer than " + limits.maxRequestLine()
          + " bytes (max-request-line):" + where);
    }
  }
}
