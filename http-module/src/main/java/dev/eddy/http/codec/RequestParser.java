package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static dev.eddy.http.codec.Ascii.CR;
import static dev.eddy.http.codec.Ascii.HTAB;
import static dev.eddy.http.codec.Ascii.LF;
import static dev.eddy.http.codec.Ascii.SP;

import java.nio.ByteBuffer;
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
 * <p><b>Buffers.</b> The parser never keeps the caller's buffer: a head that arrives in pieces is
 * taken in as it comes, one line at a time, into a per-parser array bounded by the limits, and no
 * byte is examined twice. It consumes from {@code in} only what the event it returns needs, so
 * the caller may stop after any event (backpressure, e.g. until the previous response is written)
 * and feed the rest later; the bytes still between {@code in}'s position and limit are then the
 * caller's to keep. {@link #body()} is a zero-copy slice of the input.
 *
 * <p><b>Errors.</b> Anything malformed or over a limit ({@link HttpLimits}) throws {@link
 * HttpParseException} with the status to answer. The parser is then dead: every later call
 * throws the same exception. It never throws anything else for any input.
 *
 * <p><b>Threads.</b> One parser per connection; not thread-safe. The connection's calls are
 * sequential (see {@code ConnectionHandler}), which is all it needs.
 */
public final class RequestParser {

  /* Implementation overview
   *
   * A byte-at-a-time state machine in the manner of Netty's HttpObjectDecoder and llhttp, with
   * inner loops over runs of same-class bytes (token, value, hex) so the common bytes cost a
   * table lookup each. States, in message order:
   *
   *   START/START_LF         empty lines before a request line (RFC 9112 §2.2), counted against
   *                          max-request-line
   *   METHOD TARGET VERSION  the request line, copied into `line` (one array per parser); 414
   *   LINE_LF                past max-request-line
   *   FIELD_START NAME       one field line at a time: `line` holds the name, then the value;
   *   VALUE_OWS VALUE        at its CRLF the field becomes two strings and HeadRules sees the
   *   VALUE_LF               framing ones; 431 past max-header-bytes or max-headers
   *   SECTION_END_LF         the empty line: HEAD (or END after trailers)
   *   BODY                   Content-Length framing: slices of the input
   *   CHUNK_SIZE CHUNK_EXT   chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1), extensions checked
   *   CHUNK_SIZE_LF          (ChunkExtension) and dropped; the line is bounded by
   *                          max-request-line
   *   CHUNK_DATA _CR _LF     the chunk's bytes as slices, then CRLF
   *   (trailers)             the field states again, with `trailers` set: fields go to a
   *                          separate list exposed by trailers(), never merged into the head and
   *                          never interpreted (RFC 9110 §6.5.1)
   *   MESSAGE_END            END for a message without body bytes left
   *   DEAD                   after an error
   */

  /** What {@link #next} found. */
  public enum Event {
    /** Every byte of the input was consumed; call again with the next bytes. */
    NEED_MORE,
    /** A request head is complete: {@link #head()}. */
    HEAD,
    /** Body bytes: {@link #body()}. */
    BODY,
    /** The request is complete, with {@link #trailers()}; the next one may follow. */
    END
  }

  private enum State {
    START, START_LF, METHOD, TARGET, VERSION, LINE_LF,
    FIELD_START, NAME, VALUE_OWS, VALUE, VALUE_LF, SECTION_END_LF,
    BODY,
    CHUNK_SIZE, CHUNK_EXT, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF,
    MESSAGE_END, DEAD
  }

  /** Initial size of the line array; it doubles as needed, up to the limits. */
  private static final int INITIAL_LINE = 256;
  /**
   * Bytes of a direct buffer copied per scan: a few request heads. Larger wastes copying when a
   * head is followed by a large body; smaller costs more calls.
   */
  private static final int WINDOW = 1024;

  private final HttpLimits limits;
  private final HeadRules rules;
  private State state = State.START;
  private HttpParseException failure;

  private final byte[] window = new byte[WINDOW];
  private byte[] line = new byte[INITIAL_LINE];
  private int length; // bytes in line
  private int lineBytes; // request line or chunk-size line bytes so far
  private int sectionBytes; // header or trailer section bytes so far
  private int fieldCount;
  private int methodEnd;
  private int targetEnd;
  private int nameEnd;
  private boolean trailers;
  private String method;
  private String target;
  private HttpVersion version;
  private Headers fields;

  private long remaining; // body or chunk bytes still to come
  private long bodyBytes; // chunked body bytes announced so far
  private int sizeDigits;
  private int extension; // ChunkExtension state

  private RequestHead head;
  private ByteBuffer body;
  private Headers trailerFields = Headers.EMPTY;

  /** A parser enforcing {@code limits}, ready for the first request of a connection. */
  public RequestParser(HttpLimits limits) {
    this.limits = limits;
    this.rules = new HeadRules(limits);
  }

  /**
   * Consumes bytes of {@code in} (from its position, advancing it) up to the next event.
   *
   * @throws HttpParseException if the input is malformed or over a limit; the parser is dead
   */
  public Event next(ByteBuffer in) throws HttpParseException {
    if (failure != null) {
      throw failure;
    }
    try {
      return advance(in);
    } catch (HttpParseException e) {
      failure = e;
      state = State.DEAD;
      throw e;
    }
  }

  /** The head of the current request, after {@link Event#HEAD}; kept until the next HEAD. */
  public RequestHead head() {
    return head;
  }

  /**
   * The body bytes of the last {@link Event#BODY}: a read-only-in-spirit slice sharing the input
   * buffer's content, valid only as long as that buffer is (for a server, during {@code onData}).
   * Copy what must outlive it.
   */
  public ByteBuffer body() {
    return body;
  }

  /** The trailer fields of the last {@link Event#END}; {@link Headers#EMPTY} if none. */
  public Headers trailers() {
    return trailerFields;
  }

  /**
   * Whether the parser is between requests with no byte of a next one received: a server may
   * close such a connection on shutdown or idle timeout without cutting a request short.
   */
  public boolean idle() {
    return state == State.START && lineBytes == 0;
  }

  private Event advance(ByteBuffer in) throws HttpParseException {
    for (;;) {
      switch (state) {
        case BODY -> {
          if (remaining == 0) {
            return end(Headers.EMPTY);
          }
          if (!in.hasRemaining()) {
            return Event.NEED_MORE;
          }
          return slice(in);
        }
        case CHUNK_DATA -> {
          if (remaining == 0) {
            state = State.CHUNK_DATA_CR;
          } else if (!in.hasRemaining()) {
            return Event.NEED_MORE;
          } else {
            return slice(in);
          }
        }
        case MESSAGE_END -> {
          return end(Headers.EMPTY);
        }
        default -> {
          if (!in.hasRemaining()) {
            return Event.NEED_MORE;
          }
          Event event = scan(in);
          if (event != null) {
            return event;
          }
        }
      }
    }
  }

  private Event slice(ByteBuffer in) {
    int n = (int) Math.min(remaining, in.remaining());
    int at = in.position();
    body = in.slice(at, n);
    in.position(at + n);
    remaining -= n;
    return Event.BODY;
  }

  private Event end(Headers trailers) {
    trailerFields = trailers;
    this.trailers = false;
    state = State.START;
    lineBytes = 0;
    return Event.END;
  }

  /**
   * Runs the byte states over {@code in}; returns an event, or {@code null} when it reached a
   * state that {@link #advance} handles (body slices, message end) or ran out of bytes.
   */
  private Event scan(ByteBuffer in) throws HttpParseException {
    // Scan an array: per-byte ByteBuffer.get costs bounds and scope checks that an array index
    // in a counted loop does not. A heap buffer lends its array; a direct one is copied a window
    // at a time. `shift` maps buffer positions to indexes of `a`.
    final byte[] a;
    final int shift;
    final int limit;
    if (in.hasArray()) {
      a = in.array();
      shift = in.arrayOffset();
      limit = in.limit() + shift;
    } else {
      int n = Math.min(in.remaining(), window.length);
      in.get(in.position(), window, 0, n);
      a = window;
      shift = -in.position();
      limit = n;
    }
    int pos = in.position() + shift;
    try {
      while (pos < limit) {
        byte b = a[pos];
        switch (state) {
          case START -> {
            if (b == CR) {
              requestLine(1);
              pos++;
              state = State.START_LF;
            } else if (b == LF) {
              throw bad("bare LF before the request line; expected CRLF");
            } else {
              length = 0;
              rules.reset();
              state = State.METHOD;
            }
          }
          case START_LF -> {
            expectLf(b, "an empty line before the request line");
            requestLine(1);
            pos++;
            state = State.START;
          }
          case METHOD -> {
            int start = pos;
            pos = run(a, pos, limit, Ascii.TOKEN);
            requestLine(pos - start);
            take(a, start, pos);
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
              state = State.TARGET;
            }
          }
          case TARGET -> {
            int start = pos;
            pos = run(a, pos, limit, Ascii.TARGET);
            requestLine(pos - start);
            take(a, start, pos);
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
              state = State.VERSION;
            }
          }
          case VERSION -> {
            int start = pos;
            pos = run(a, pos, limit, Ascii.TARGET);
            requestLine(pos - start);
            take(a, start, pos);
            if (pos < limit) {
              b = a[pos];
              if (b != CR) {
                throw bad("request line: invalid character " + Ascii.show(b) + " after version "
                    + Ascii.show(line, targetEnd, length) + "; expected CRLF");
              }
              requestLine(1);
              pos++;
              state = State.LINE_LF;
            }
          }
          case LINE_LF -> {
            expectLf(b, "the request line");
            pos++;
            startHead();
          }
          case FIELD_START -> {
            if (b == CR) {
              section(1);
              pos++;
              state = State.SECTION_END_LF;
            } else if (b == SP || b == HTAB) {
              throw bad(fieldCount == 0
                  ? "whitespace before the first field line; expected a field name (RFC 9112 §2.2)"
                  : "obs-fold: a field line starts with whitespace; folded values are not "
                      + "accepted (RFC 9112 §5.2)");
            } else if (!Ascii.is(b, Ascii.TOKEN)) {
              throw bad("invalid character " + Ascii.show(b) + " at the start of a field line; "
                  + "expected a field name or CRLF");
            } else {
              length = 0;
              state = State.NAME;
            }
          }
          case NAME -> {
            int start = pos;
            pos = run(a, pos, limit, Ascii.TOKEN);
            section(pos - start);
            take(a, start, pos);
            if (pos < limit) {
              b = a[pos];
              if (b != ':') {
                String name = Ascii.show(line, 0, length);
                throw bad(b == SP || b == HTAB
                    ? "whitespace between field name " + name + " and its colon (RFC 9112 §5.1)"
                    : b == CR || b == LF
                        ? "field line " + name + " has no colon; expected name: value"
                        : "invalid character " + Ascii.show(b) + " in field name " + name
                            + "; expected token characters then ':'");
              }
              nameEnd = length;
              section(1);
              pos++;
              state = State.VALUE_OWS;
            }
          }
          case VALUE_OWS -> {
            int start = pos;
            while (pos < limit && ((b = a[pos]) == SP || b == HTAB)) {
              pos++;
            }
            section(pos - start);
            if (pos < limit) {
              state = State.VALUE;
            }
          }
          case VALUE -> {
            int start = pos;
            pos = run(a, pos, limit, Ascii.VALUE);
            section(pos - start);
            take(a, start, pos);
            if (pos < limit) {
              b = a[pos];
              if (b != CR) {
                throw bad("invalid character " + Ascii.show(b) + " in the value of field "
                    + Ascii.show(line, 0, nameEnd) + "; expected visible characters, spaces "
                    + "or tabs, then CRLF");
              }
              section(1);
              pos++;
              state = State.VALUE_LF;
            }
          }
          case VALUE_LF -> {
            if (b != LF) {
              throw noLf(b, "field " + Ascii.show(line, 0, nameEnd));
            }
            section(1);
            pos++;
            field();
            state = State.FIELD_START;
          }
          case SECTION_END_LF -> {
            if (b != LF) {
              throw noLf(b, "the empty line that ends the " + (trailers ? "trailer" : "header")
                  + " section");
            }
            section(1);
            pos++;
            if (trailers) {
              return end(fields == null ? Headers.EMPTY : fields.readOnly());
            }
            return finishHead();
          }
          case CHUNK_SIZE -> {
            while (pos < limit && Ascii.is(b = a[pos], Ascii.HEX)) {
              chunkLine(1);
              if (remaining > (Long.MAX_VALUE >>> 4)) {
                throw bad("chunk size overflows a 63-bit length");
              }
              remaining = (remaining << 4) | Ascii.hexValue(b);
              sizeDigits++;
              pos++;
            }
            if (pos < limit) {
              if (sizeDigits == 0) {
                throw bad("invalid character " + Ascii.show(a[pos])
                    + " at the start of a chunk; expected hex digits of the chunk size");
              }
              if (remaining > limits.maxBodySize() - bodyBytes) {
                throw new HttpParseException(413, "chunked body exceeds the limit of "
                    + limits.maxBodySize() + " bytes (max-body-size): " + bodyBytes
                    + " bytes so far and a chunk of " + remaining);
              }
              extension = ChunkExtension.START;
              state = State.CHUNK_EXT;
            }
          }
          case CHUNK_EXT -> {
            chunkLine(1);
            extension = ChunkExtension.next(extension, b);
            if (extension == ChunkExtension.INVALID) {
              throw bad("chunk extension: unexpected " + Ascii.show(b)
                  + "; expected chunk-size [ ;name[=value] ]... CRLF (RFC 9112 §7.1.1)");
            }
            if (extension == ChunkExtension.END) {
              state = State.CHUNK_SIZE_LF;
            }
            pos++;
          }
          case CHUNK_SIZE_LF -> {
            expectLf(b, "a chunk-size line");
            pos++;
            if (remaining == 0) {
              trailers = true;
              fields = null;
              sectionBytes = 0;
              fieldCount = 0;
              state = State.FIELD_START;
            } else {
              bodyBytes += remaining;
              state = State.CHUNK_DATA;
              return null;
            }
          }
          case CHUNK_DATA_CR -> {
            if (b != CR) {
              throw bad("chunk data runs past its size: " + Ascii.show(b)
                  + " where CRLF should follow the chunk");
            }
            pos++;
            state = State.CHUNK_DATA_LF;
          }
          case CHUNK_DATA_LF -> {
            expectLf(b, "chunk data");
            pos++;
            startChunk();
          }
          default -> throw new IllegalStateException("scan in state " + state);
        }
      }
      return null; // advance() calls again if the buffer holds more than the window
    } finally {
      in.position(pos - shift);
    }
  }

  private void startHead() throws HttpParseException {
    HttpVersion version = RequestLine.version(line, targetEnd, length);
    String method = Methods.of(line, methodEnd);
    String target = new String(line, methodEnd, targetEnd - methodEnd, StandardCharsets.ISO_8859_1);
    RequestLine.checkTarget(method, target);
    this.method = method;
    this.target = target;
    this.version = version;
    fields = new Headers();
    trailers = false;
    sectionBytes = 0;
    fieldCount = 0;
    length = 0;
    state = State.FIELD_START;
  }

  private void field() throws HttpParseException {
    if (++fieldCount > limits.maxHeaders()) {
      throw new HttpParseException(431, "more than " + limits.maxHeaders() + " "
          + (trailers ? "trailer" : "header") + " fields (max-headers)");
    }
    int end = length;
    while (end > nameEnd && (line[end - 1] == SP || line[end - 1] == HTAB)) {
      end--;
    }
    int id = FieldNames.lookup(line, nameEnd);
    String value = new String(line, nameEnd, end - nameEnd, StandardCharsets.ISO_8859_1);
    if (trailers) {
      if (fields == null) {
        fields = new Headers();
      }
    } else {
      rules.field(id, line, nameEnd, end);
    }
    fields.add(FieldNames.name(id, line, nameEnd), value);
    length = 0;
  }

  private Event finishHead() throws HttpParseException {
    head = rules.finish(method, target, version, fields);
    fields = null;
    switch (head.framing()) {
      case CHUNKED -> {
        bodyBytes = 0;
        startChunk();
      }
      case LENGTH -> {
        remaining = head.contentLength();
        state = State.BODY;
      }
      default -> state = State.MESSAGE_END;
    }
    return Event.HEAD;
  }

  private void startChunk() {
    remaining = 0;
    sizeDigits = 0;
    lineBytes = 0;
    state = State.CHUNK_SIZE;
  }

  private static int run(byte[] a, int pos, int limit, int cls) {
    while (pos < limit && Ascii.is(a[pos], cls)) {
      pos++;
    }
    return pos;
  }

  /** Appends {@code in[from, to)} to the line; callers count the bytes against a limit first. */
  private void take(byte[] a, int from, int to) {
    int n = to - from;
    if (length + n > line.length) {
      line = java.util.Arrays.copyOf(line, Math.max(length + n, line.length * 2));
    }
    System.arraycopy(a, from, line, length, n);
    length += n;
  }

  private void requestLine(int n) throws HttpParseException {
    lineBytes += n;
    if (lineBytes > limits.maxRequestLine()) {
      String where = switch (state) {
        case METHOD -> " in the method";
        case TARGET -> " in the request target";
        case VERSION, LINE_LF -> " in the version";
        default -> " in the empty lines before it";
      };
      throw new HttpParseException(414, "request line longer than " + limits.maxRequestLine()
          + " bytes (max-request-line):" + where);
    }
  }

  private void chunkLine(int n) throws HttpParseException {
    lineBytes += n;
    if (lineBytes > limits.maxRequestLine()) {
      throw bad("chunk-size line longer than " + limits.maxRequestLine()
          + " bytes (max-request-line)");
    }
  }

  private void section(int n) throws HttpParseException {
    sectionBytes += n;
    if (sectionBytes > limits.maxHeaderBytes()) {
      throw new HttpParseException(431, (trailers ? "trailer" : "header")
          + " section longer than " + limits.maxHeaderBytes() + " bytes (max-header-bytes)"
          + (state == State.NAME ? ", in a field name"
              : state == State.VALUE_OWS || state == State.VALUE || state == State.VALUE_LF
                  ? ", in field " + Ascii.show(line, 0, nameEnd) : ""));
    }
  }

  private static void expectLf(byte b, String where) throws HttpParseException {
    if (b != LF) {
      throw noLf(b, where);
    }
  }

  private static HttpParseException noLf(byte b, String where) {
    return bad("CR not followed by LF in " + where + " (found " + Ascii.show(b)
        + "); expected CRLF");
  }

  private static HttpParseException bad(String reason) {
    return new HttpParseException(400, reason);
  }
}
