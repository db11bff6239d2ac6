package dev.eddy.http.fs;

/**
 * What a {@code Range} request header asks of a file of a known size (RFC 9110 §14.1.2, §14.2):
 * the whole file, one part of it, or nothing it has.
 *
 * <p>Only a single byte range is served as a part. Several ranges, another unit, or a header that
 * does not parse are answered with the whole file (200), which RFC 9110 §14.2 allows ("a server
 * MAY ignore the Range header field"), so a client never gets an error for a range it could not
 * have known we do not support. Static, any thread.
 *
 * @param kind what to answer
 * @param first the first byte of a {@link Kind#PART}, else 0
 * @param last the last byte (inclusive) of a {@link Kind#PART}, else {@code size - 1}
 */
public record ByteRange(Kind kind, long first, long last) {

  /** What to answer. */
  public enum Kind {
    /** 200 with the whole file. */
    WHOLE,
    /** 206 with bytes {@code first..last}. */
    PART,
    /** 416: the range starts past the end of the file. */
    UNSATISFIABLE
  }

  /** The number of bytes to send. */
  public long length() {
    return last - first + 1;
  }

  /**
   * The range {@code header} selects of a file of {@code size} bytes; a {@code null} header is
   * the whole file.
   */
  public static ByteRange parse(String header, long size) {
    ByteRange whole = new ByteRange(Kind.WHOLE, 0, size - 1);
    if (header == null) {
      return whole;
    }
    int eq = header.indexOf('=');
    if (eq < 0 || !header.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
      return whole;
    }
    String set = header.substring(eq + 1).trim();
    if (set.indexOf(',') >= 0) {
      return whole; // several ranges: served whole (see the type's documentation)
    }
    int dash = set.indexOf('-');
    if (dash < 0) {
      return whole;
    }
    String from = set.substring(0, dash).trim();
    String to = set.substring(dash + 1).trim();
    if (from.isEmpty()) {
      long suffix = digits(to);
      if (suffix < 0) {
        return whole;
      }
      if (suffix == 0) {
        return new ByteRange(Kind.UNSATISFIABLE, 0, size - 1);
      }
      if (size == 0) {
        return whole; // nothing to take the last bytes of: the empty file it is
      }
      return new ByteRange(Kind.PART, Math.max(0, size - suffix), size - 1);
    }
    long first = digits(from);
    long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
    if (first < 0 || last < 0 || last < first) {
      return whole; // malformed: ignored, as RFC 9110 §14.1.1 permits
    }
    if (first >= size) {
      return new ByteRange(Kind.UNSATISFIABLE, 0, size - 1);
    }
    return new ByteRange(Kind.PART, first, Math.min(last, size - 1));
  }

  /** The value of a run of ASCII digits (saturating at {@code Long.MAX_VALUE}), -1 if not one. */
  private static long digits(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
    }
    return v;
  }
}
