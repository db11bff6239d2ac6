package dev.eddy.http.codec;

import java.nio.charset.StandardCharsets;

/**
 * Every status line from {@code HTTP/1.1 100 Continue} to {@code HTTP/1.1 599 }, encoded once at
 * class load (about 14 KiB), so a response head starts with one array copy. Reasons are those of
 * the RFC 9110 registry; codes without one get an empty reason, which RFC 9112 §4 allows.
 * Stateless; safe from any thread.
 */
final class StatusLines {

  static final int MIN = 100;
  static final int MAX = 599;

  private static final byte[][] LINES = new byte[MAX - MIN + 1][];

  static {
    for (int code = MIN; code <= MAX; code++) {
      LINES[code - MIN] = encode(code, reason(code));
    }
  }

  private StatusLines() {}

  /** The status line with CRLF; {@code code} must be in {@code [100, 599]}. */
  static byte[] of(int code) {
    return LINES[code - MIN];
  }

  static byte[] encode(int code, String reason) {
    return ("HTTP/1.1 " + code + " " + reason + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The registered reason phrase, or "" for an unregistered code. */
  static String reason(int code) {
    String r = dev.eddy.http.Status.reason(code);
    return r.equals(dev.eddy.http.Status.UNKNOWN_REASON) ? "" : r;
  }
}
