package dev.eddy.http.codec;

/**
 * Byte classes of RFC 9110/9112 as lookup tables, and a safe rendering of bad input for error
 * messages. Stateless; safe from any thread.
 */
final class Ascii {

  static final byte CR = '\r';
  static final byte LF = '\n';
  static final byte SP = ' ';
  static final byte HTAB = '\t';

  /** tchar (RFC 9110 §5.6.2): the characters of methods, field names and codings. */
  static final int TOKEN = 1;
  /** field-vchar, SP, HTAB and obs-text (RFC 9110 §5.5): anything a field value may hold. */
  static final int VALUE = 2;
  /** VCHAR (RFC 5234): a request target holds no whitespace, control or non-ASCII byte. */
  static final int TARGET = 4;
  /** HEXDIG: chunk sizes. */
  static final int HEX = 8;
  /** reg-name, IP-literal and port characters of a Host value (RFC 3986 §3.2.2). */
  static final int HOST = 16;

  private static final byte[] CLASSES = new byte[256];

  static {
    String tchar = "!#$%&'*+-.^_`|~";
    String host = "-._~!$&'()*+,;=%:[]";
    for (int c = 0; c < 256; c++) {
      int bits = 0;
      boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (alnum || (c < 128 && tchar.indexOf(c) >= 0)) {
        bits |= TOKEN;
      }
      if (c == SP || c == HTAB || (c > 0x20 && c != 0x7f)) {
        bits |= VALUE;
      }
      if (c > 0x20 && c < 0x7f) {
        bits |= TARGET;
      }
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        bits |= HEX;
      }
      if (alnum || (c < 128 && host.indexOf(c) >= 0)) {
        bits |= HOST;
      }
      CLASSES[c] = (byte) bits;
    }
  }

  /** Bad values longer than this are cut in messages: a reason should name, not echo, an attack. */
  private static final int SHOWN = 64;

  private Ascii() {}

  static boolean is(byte b, int cls) {
    return (CLASSES[b & 0xff] & cls) != 0;
  }

  static boolean is(char c, int cls) {
    return c < 256 && (CLASSES[c] & cls) != 0;
  }

  static int hexValue(byte b) {
    int c = b & 0xff;
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }

  static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b | 0x20) : b;
  }

  /** One byte as a reader wants it in an error: {@code 'a'}, {@code 0x00}, {@code LF (0x0a)}. */
  static String show(byte b) {
    if (b == CR || b == LF) {
      return (b == CR ? "CR" : "LF") + String.format(" (0x%02x)", b);
    }
    int c = b & 0xff;
    return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
  }

  /** Bytes as a quoted string with control and non-ASCII bytes escaped, cut after a few dozen. */
  static String show(byte[] bytes, int from, int to) {
    StringBuilder out = new StringBuilder(Math.min(to - from, SHOWN) + 8).append('"');
    for (int i = from; i < to && i - from < SHOWN; i++) {
      appendShown(out, bytes[i] & 0xff);
    }
    if (to - from > SHOWN) {
      out.append("...");
    }
    return out.append('"').toString();
  }

  /** A string as {@link #show(byte[], int, int)} shows bytes. */
  static String show(CharSequence text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), SHOWN) + 8).append('"');
    for (int i = 0; i < text.length() && i < SHOWN; i++) {
      appendShown(out, text.charAt(i));
    }
    if (text.length() > SHOWN) {
      out.append("...");
    }
    return out.append('"').toString();
  }

  private static void appendShown(StringBuilder out, int c) {
    if (c == '"' || c == '\\') {
      out.append('\\').append((char) c);
    } else if (c >= 0x20 && c < 0x7f) {
      out.append((char) c);
    } else {
      out.append(c < 256 ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
    }
  }
}
