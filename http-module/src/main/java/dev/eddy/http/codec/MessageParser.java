package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static dev.eddy.http.codec.Ascii.CR;
import static dev.eddy.http.codec.Ascii.HTAB;
import static dev.eddy.http.codec.Ascii.LF;
import static dev.eddy.http.codec.Ascii.SP;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The part of an incremental, strict HTTP/1.1 parser (RFC 9112) that requests and responses
 * share: field lines, the end of the head, bodies framed by length, by chunks (with trailers) or
 * by the end of the connection. {@link RequestParser} and {@link ResponseParser} add their start
 * line and the rules of their head. Pull style: the caller hands it each buffer as it arrives and
 * calls {@link #next} until it answers {@link Event#NEED_MORE}. Each message yields {@link
 * Event#HEAD}, then zero or more {@link Event#BODY}, then {@link Event#END}.
 *
 * <p><b>Buffers.</b> The parser never keeps the caller's buffer: a head that arrives in pieces is
 * taken in as it comes, one line at a time, into a per-parser array bounded by the limits, and no
 * byte is examined twice. It consumes from {@code in} only what the event it returns needs, so
 * the caller may stop after any event and feed the rest later. {@link #body()} is a zero-copy
 * slice of the input.
 *
 * <p><b>Errors.</b> Anything malformed or over a limit ({@link HttpLimits}) throws {@link
 * HttpParseException}. The parser is then dead: every later call throws the same exception. It
 * never throws anything else for any input.
 *
 * <p><b>Threads.</b> One parser per connection; not thread-safe; calls must be sequential.
 */
public abstract class MessageParser {

  /* Implementation overview
   *
   * A byte-at-a-time state machine in the manner of Netty's HttpObjectDecoder and llhttp, with
   * inner loops over runs of same-class bytes (token, value, hex) so the common bytes cost a
   * table lookup each. States, in message order:
   *
   *   START_LINE             the subclass's start line (request line or status line), scanned by
   *                          startLine(), which calls beginFields() at its CRLF
   *   FIELD_START NAME       one field line at a time: `line` holds the name, then the value;
   *   VALUE_OWS VALUE        at its CRLF the field becomes two strings and the subclass sees the
   *   VALUE_LF               framing ones; 431 past max-header-bytes or max-headers
   *   SECTION_END_LF         the empty line: the subclass's finishHead() (or END after trailers)
   *   BODY                   Content-Length framing: slices of the input
   *   UNTIL_CLOSE            a response body that ends with the connection: slices until
   *                          endOfInput()
   *   CHUNK_SIZE CHUNK_EXT   chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1), extensions checked
   *   CHUNK_SIZE_LF          (ChunkExtension) and dropped; the line is bounded like a start line
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
    /** A message head is complete (the subclass's {@code head()}). */
    HEAD,
    /** Body bytes: {@link #body()}. */
    BODY,
    /** The message is complete, with {@link #trailers()}; the next one may follow. */
    END
  }

  enum State {
    START_LINE,
    FIELD_START, NAME, VALUE_OWS, VALUE, VALUE_LF, SECTION_END_LF,
    BODY, UNTIL_CLOSE,
    CHUNK_SIZE, CHUNK_EXT, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF,
    MESSAGE_END, DEAD
  }

  /** Initial size of the line array; it doubles as needed, up to the limits. */
  private static final int INITIAL_LINE = 256;
  /**
   * Bytes of a direct buffer copied per scan: a few message heads. Larger wastes copying when a
   * head is followed by a large body; smaller costs more calls.
   */
  private static final int WINDOW = 1024;

  final HttpLimits limits;
  State state = State.START_LINE;
  private HttpParseException failure;

  private final byte[] window = new byte[WINDOW];
  byte[] line = new byte[INITIAL_LINE];
  int length; // bytes in line
  int lineBytes; // start line or chunk-size line bytes so far
  private int sectionBytes; // header or trailer section bytes so far
  private int fieldCount;
  int nameEnd;
  private boolean trailers;
  private Headers fields;

  private long remaining; // body or chunk bytes still to come
  private long bodyBytes; // chunked or close-delimited body bytes so far
  private int sizeDigits;
  private int extension; // ChunkExtension state
  private int extensionBytes; // chunk-extension bytes of this body so far

  private ByteBuffer body;
  private Headers trailerFields = Headers.EMPTY;

  MessageParser(HttpLimits limits) {
    this.limits = limits;
  }

  /**
   * Consumes bytes of {@code in} (from its position, advancing it) up to the next event.
   *
   * @throws HttpParseException if the input is malformed or over a limit; the parser is dead
   */
  public final Event next(ByteBuffer in) throws HttpParseException {
    if (failure != null) {
      throw failure;
    }
    try {
      return advance(in);
    } catch (HttpParseException e) {
      throw die(e);
    }
  }

  /**
   * Tells the parser that the input ended (the peer closed the connection). A body delimited by
   * the end of the connection ends here ({@link Event#END}); anywhere else inside a message it
   * is an error, since the message was cut short.
   *
   * @return {@link Event#END} for a close-delimited body
   * @throws HttpParseException naming what was cut short; also when nothing of a message had
   *     arrived yet (check {@link #idle()} first to tell a clean close apart)
   */
  public final Event endOfInput() throws HttpParseException {
    if (failure != null) {
      throw failure;
    }
    if (state == State.UNTIL_CLOSE) {
      return end(Headers.EMPTY);
    }
    String where = switch (state) {
      case START_LINE -> idle() ? "before the first byte of a message"
          : "in the middle of the start line";
      case FIELD_START, NAME, VALUE_OWS, VALUE, VALUE_LF, SECTION_END_LF -> trailers
          ? "in the middle of the trailer section" : "in the middle of the header section";
      case BODY -> "with " + remaining + " body bytes still missing (Content-Length framing)";
      case MESSAGE_END -> "before the end of the message was taken";
      default -> "in the middle of a chunked body, after " + bodyBytes + " body bytes";
    };
    throw die(new HttpParseException(400, "the connection closed " + where));
  }

  /**
   * The body bytes of the last {@link Event#BODY}: a slice sharing the input buffer's content,
   * valid only as long as that buffer is. Copy what must outlive it.
   */
  public final ByteBuffer body() {
    return body;
  }

  /** The trailer fields of the last {@link Event#END}; {@link Headers#EMPTY} if none. */
  public final Headers trailers() {
    return trailerFields;
  }

  /** Whether the parser is between messages with no byte of a next one received. */
  public boolean idle() {
    return state == State.START_LINE && lineBytes == 0;
  }

  // ---- what subclasses add --------------------------------------------------------------------

  /**
   * Scans start-line bytes of {@code a[pos, limit)} (at least one step) and returns the new
   * position; calls {@link #beginFields()} once the line's CRLF is consumed.
   */
  abstract int startLine(byte[] a, int pos, int limit) throws HttpParseException;

  /** The start line of the next message begins: reset the subclass's line state. */
  abstract void resetStartLine();

  /**
   * A header field (not a trailer): {@code id} is its {@link FieldNames} index, its value is
   * {@code line[nameEnd, end)}.
   */
  abstract void headerField(int id, int end) throws HttpParseException;

  /**
   * The header section ended: build the head from {@code fields}, choose the framing with one of
   * {@link #bodyByLength}, {@link #bodyChunked}, {@link #bodyUntilClose}, {@link #noBody} or
   * {@link #interim}, and return {@link Event#HEAD}.
   */
  abstract Event finishHead(Headers fields) throws HttpParseException;

  /** The config key that bounds the start line, for messages (e.g. {@code max-request-line}). */
  abstract String lineLimitKey();

  // ---- framing, for finishHead ----------------------------------------------------------------

  final void bodyByLength(long length) {
    remaining = length;
    state = State.BODY;
  }

  final void bodyChunked() {
    bodyBytes = 0;
    extensionBytes = 0;
    startChunk();
  }

  final void bodyUntilClose() {
    bodyBytes = 0;
    state = State.UNTIL_CLOSE;
  }

  final void noBody() {
    state = State.MESSAGE_END;
  }

  /** A head with no body and no END (a 1xx response): the next start line follows. */
  final void interim() {
    restart();
  }

  // ---- the machine --------------------------------------------------------------------------

  private HttpParseException die(HttpParseException e) {
    failure = e;
    state = State.DEAD;
    return e;
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
          return slice(in, (int) Math.min(remaining, in.remaining()));
        }
        case UNTIL_CLOSE -> {
          if (!in.hasRemaining()) {
            return Event.NEED_MORE;
          }
          int n = in.remaining();
          if (n > limits.maxBodySize() - bodyBytes) {
            throw new HttpParseException(413, "body exceeds the limit of "
                + limits.maxBodySize() + " bytes (max-body-size): " + bodyBytes
                + " bytes so far and " + n + " more");
          }
          bodyBytes += n;
          return slice(in, n);
        }
        case CHUNK_DATA -> {
          if (remaining == 0) {
            state = State.CHUNK_DATA_CR;
          } else if (!in.hasRemaining()) {
            return Event.NEED_MORE;
          } else {
            return slice(in, (int) Math.min(remaining, in.remaining()));
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

  private Event slice(ByteBuffer in, int n) {
    int at = in.position();
    body = in.slice(at, n);
    in.position(at + n);
    if (state != State.UNTIL_CLOSE) {
      remaining -= n;
    }
    return Event.BODY;
  }

  private Event end(Headers trailers) {
    trailerFields = trailers;
    restart();
    return Event.END;
  }

  private void restart() {
    this.trailers = false;
    state = State.START_LINE;
    lineBytes = 0;
    resetStartLine();
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
          case START_LINE -> pos = startLine(a, pos, limit);
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
            Headers head = fields;
            fields = null;
            return finishHead(head);
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
            } else if (++extensionBytes > HttpLimits.MAX_CHUNK_EXTENSION_BYTES) {
              throw bad("chunk extensions of this body exceed "
                  + HttpLimits.MAX_CHUNK_EXTENSION_BYTES + " bytes in all (HttpLimits."
                  + "MAX_CHUNK_EXTENSION_BYTES); expected few or none");
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

  /** Called by the subclass when its start line's CRLF is consumed: field lines follow. */
  final void beginFields() {
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
      headerField(id, end);
    }
    fields.add(FieldNames.name(id, line, nameEnd), value);
    length = 0;
  }

  private void startChunk() {
    remaining = 0;
    sizeDigits = 0;
    lineBytes = 0;
    state = State.CHUNK_SIZE;
  }

  static int run(byte[] a, int pos, int limit, int cls) {
    while (pos < limit && Ascii.is(a[pos], cls)) {
      pos++;
    }
    return pos;
  }

  /** Appends {@code in[from, to)} to the line; callers count the bytes against a limit first. */
  final void take(byte[] a, int from, int to) {
    int n = to - from;
    if (length + n > line.length) {
      line = java.util.Arrays.copyOf(line, Math.max(length + n, line.length * 2));
    }
    System.arraycopy(a, from, line, length, n);
    length += n;
  }

  private void chunkLine(int n) throws HttpParseException {
    lineBytes += n;
    if (lineBytes > limits.maxRequestLine()) {
      throw bad("chunk-size line longer than " + limits.maxRequestLine()
          + " bytes (" + lineLimitKey() + ")");
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

  static void expectLf(byte b, String where) throws HttpParseException {
    if (b != LF) {
      throw noLf(b, where);
    }
  }

  static HttpParseException noLf(byte b, String where) {
    return bad("CR not followed by LF in " + where + " (found " + Ascii.show(b)
        + "); expected CRLF");
  }

  static HttpParseException bad(String reason) {
    return new HttpParseException(400, reason);
  }
}
