package dev.eddy.http.codec;

import java.nio.charset.StandardCharsets;

/**
 * Recognises common field names in parsed bytes, case-insensitively, so the parser can act on the
 * framing fields without building strings, and can reuse one string for a name spelled in its
 * usual case (as browsers and load tools send them) instead of allocating one per request.
 * Stateless; safe from any thread.
 */
final class FieldNames {

  static final int NONE = -1;
  // The fields the parser acts on come first; their indexes are the ids below.
  static final int HOST = 0;
  static final int CONTENT_LENGTH = 1;
  static final int TRANSFER_ENCODING = 2;
  static final int CONNECTION = 3;
  static final int EXPECT = 4;

  private static final String[] NAMES = {
    "Host", "Content-Length", "Transfer-Encoding", "Connection", "Expect",
    "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control",
    "Content-Type", "Cookie", "Origin", "Pragma", "Referer", "User-Agent", "Upgrade",
    "If-None-Match", "If-Modified-Since", "Range", "X-Forwarded-For", "X-Request-Id", "TE",
    "Trailer",
  };
  private static final byte[][] LOWER = new byte[NAMES.length][];
  /** The indexes of the names of each length, so a lookup compares bytes with few candidates. */
  private static final int[][] BY_LENGTH;

  static {
    int longest = 0;
    for (int i = 0; i < NAMES.length; i++) {
      LOWER[i] = NAMES[i].toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      longest = Math.max(longest, NAMES[i].length());
    }
    BY_LENGTH = new int[longest + 1][0];
    for (int i = 0; i < NAMES.length; i++) {
      int[] same = BY_LENGTH[NAMES[i].length()];
      same = java.util.Arrays.copyOf(same, same.length + 1);
      same[same.length - 1] = i;
      BY_LENGTH[NAMES[i].length()] = same;
    }
  }

  private FieldNames() {}

  /** The index of the known name in {@code bytes[0, length)}, ignoring case, or {@link #NONE}. */
  static int lookup(byte[] bytes, int length) {
    if (length >= BY_LENGTH.length) {
      return NONE;
    }
    outer:
    for (int i : BY_LENGTH[length]) {
      byte[] known = LOWER[i];
      for (int j = 0; j < length; j++) {
        if (Ascii.lower(bytes[j]) != known[j]) {
          continue outer;
        }
      }
      return i;
    }
    return NONE;
  }

  /** The name as sent: the shared string for known index {@code id} when spelled alike. */
  static String name(int id, byte[] bytes, int length) {
    if (id != NONE) {
      String usual = NAMES[id];
      boolean same = true;
      for (int j = 0; j < length && same; j++) {
        same = usual.charAt(j) == bytes[j];
      }
      if (same) {
        return usual;
      }
    }
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }
}
