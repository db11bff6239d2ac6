package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What {@link ResponseEncoder} and {@link RequestEncoder} share: a reusable per-connection byte
 * array, field lines checked against splitting (a name must be a token; a value may hold no CR,
 * LF, NUL or other control byte but HTAB, nothing past ISO-8859-1), framing fields, body bytes,
 * chunks and trailers. Several messages may be appended before one {@link #drain()}.
 *
 * <p><b>Threads.</b> One encoder per connection; not thread-safe.
 */
public abstract class MessageEncoder {

  /** {@code endHead} length for a chunked body. */
  public static final long CHUNKED = -1;
  /** {@code endHead} length for no framing field. */
  public static final long NO_BODY = -2;

  static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
  private static final byte[] TRANSFER_CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
  private static final byte[] LAST_CHUNK = ascii("0\r\n");
  private static final byte[] HEX = ascii("0123456789abcdef");
  /** Initial size of the output array; it doubles as messages need. */
  private static final int INITIAL_SIZE = 1024;
  /** Past this length, the output array goes back to {@link #INITIAL_SIZE} at the next drain. */
  private static final int SHRINK_ABOVE = 64 * 1024;

  byte[] out = new byte[INITIAL_SIZE];
  int count;
  private ByteBuffer view = ByteBuffer.wrap(out);

  MessageEncoder() {}

  /** Throws {@link IllegalStateException} if a head is in progress (body bytes not allowed). */
  abstract void requireNoHead();

  /** Appends body bytes from {@code data}'s position to its limit, advancing its position. */
  public void body(ByteBuffer data) {
    requireNoHead();
    int n = data.remaining();
    ensure(n);
    data.get(out, count, n);
    count += n;
  }

  /** Appends body bytes. */
  public void body(byte[] data) {
    requireNoHead();
    write(data);
  }

  /**
   * Appends one chunk holding {@code data}'s remaining bytes (advancing its position); nothing
   * for an empty buffer, since an empty chunk would end the body.
   */
  public void chunk(ByteBuffer data) {
    if (!data.hasRemaining()) {
      return;
    }
    chunkSize(data.remaining());
    body(data);
    write(CRLF);
  }

  /**
   * Appends only the size line of a chunk of {@code size} bytes, for a caller that writes large
   * chunk data straight to the connection (after draining this line) and then {@link
   * #chunkEnd()}.
   */
  public void chunkSize(long size) {
    requireNoHead();
    if (size <= 0) {
      throw new IllegalArgumentException("chunk size " + size + ": expected 1 or more; "
          + "end the body with lastChunk()");
    }
    ensure(18);
    int digits = (64 - Long.numberOfLeadingZeros(size) + 3) / 4;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out[count++] = HEX[(int) (size >>> shift) & 0xf];
    }
    write(CRLF);
  }

  /** Appends the CRLF that closes a chunk started with {@link #chunkSize}. */
  public void chunkEnd() {
    requireNoHead();
    write(CRLF);
  }

  /** Ends a chunked body with the last chunk and no trailers. */
  public void lastChunk() {
    lastChunk(Headers.EMPTY);
  }

  /**
   * Ends a chunked body with the last chunk and {@code trailers}.
   *
   * @throws IllegalArgumentException naming the field if a trailer name or value is invalid
   */
  public void lastChunk(Headers trailers) {
    requireNoHead();
    for (int i = 0; i < trailers.size(); i++) {
      checkName(trailers.name(i));
      checkValue(trailers.name(i), trailers.value(i));
    }
    write(LAST_CHUNK);
    for (int i = 0; i < trailers.size(); i++) {
      field(trailers.name(i), trailers.value(i));
    }
    write(CRLF);
  }

  /** The length of the output array now: for tests. */
  int capacity() {
    return out.length;
  }

  /** Bytes written since the last {@link #drain()}. */
  public int size() {
    return count;
  }

  /**
   * The bytes written since the last drain, as a buffer over this encoder's array, and starts
   * over: the buffer is valid until the next call on this encoder, so write or copy it first.
   */
  public ByteBuffer drain() {
    if (out.length > SHRINK_ABOVE) {
      // After a large message: hand out the big array once and start over small, so one big
      // message does not pin its size for the life of a keep-alive connection.
      ByteBuffer large = ByteBuffer.wrap(out, 0, count);
      out = new byte[INITIAL_SIZE];
      count = 0;
      return large;
    }
    if (view.array() != out) {
      view = ByteBuffer.wrap(out);
    }
    view.clear().limit(count);
    count = 0;
    return view;
  }

  /** Writes the framing field for {@code contentLength} (a length, CHUNKED or NO_BODY). */
  final void framing(long contentLength) {
    if (contentLength >= 0) {
      write(CONTENT_LENGTH);
      putDecimal(contentLength);
      write(CRLF);
    } else if (contentLength == CHUNKED) {
      write(TRANSFER_CHUNKED);
    }
  }

  /** Writes a field line whose name and value were checked. */
  final void field(String name, String value) {
    ensure(name.length() + value.length() + 4);
    putChars(name);
    out[count++] = ':';
    out[count++] = ' ';
    putChars(value);
    out[count++] = '\r';
    out[count++] = '\n';
  }

  static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("empty field name");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!Ascii.is(name.charAt(i), Ascii.TOKEN)) {
        throw new IllegalArgumentException("field name " + Ascii.show(name)
            + ": invalid character at index " + i + "; expected token characters (RFC 9110 §5.1)");
      }
    }
  }

  static void checkValue(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException("field " + Ascii.show(name) + ": null value");
    }
    for (int i = 0; i < value.length(); i++) {
      if (!Ascii.is(value.charAt(i), Ascii.VALUE)) {
        throw new IllegalArgumentException("field " + Ascii.show(name) + ": value "
            + Ascii.show(value) + " has an invalid character at index " + i
            + "; expected visible characters, spaces and tabs (no CR, LF or NUL)");
      }
    }
  }

  final void putChars(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      out[count++] = (byte) s.charAt(i);
    }
  }

  final void putDecimal(long value) {
    ensure(20);
    int digits = 1;
    for (long rest = value; rest >= 10; rest /= 10) {
      digits++;
    }
    for (int i = count + digits - 1; i >= count; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    count += digits;
  }

  final void write(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, count, bytes.length);
    count += bytes.length;
  }

  final void ensure(int more) {
    if (count + more > out.length) {
      out = Arrays.copyOf(out, Math.max(count + more, out.length * 2));
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
