package dev.eddy.http.internal;

import dev.eddy.http.HttpError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request-target handling (RFC 3986, RFC 9112 §3.2): splitting path and query, strict
 * percent-decoding to UTF-8, and {@code application/x-www-form-urlencoded} pairs. Every failure is
 * an {@link HttpError} 400 naming the bad text, since it comes from the client. Static, any thread.
 */
public final class Uris {

  private Uris() {}

  /** The path of a request-target (origin- or absolute-form), undecoded; "*" stays "*". */
  public static String rawPath(String target) {
    int start = 0;
    if (target.isEmpty() || target.charAt(0) != '/') {
      if (target.equals("*")) {
        return target;
      }
      int scheme = target.indexOf("://");
      if (scheme > 0) {
        int slash = target.indexOf('/', scheme + 3);
        if (slash < 0) {
          return "/";
        }
        start = slash;
      }
    }
    int q = target.indexOf('?', start);
    return start == 0 && q < 0 ? target : target.substring(start, q < 0 ? target.length() : q);
  }

  /** The query of a request-target, undecoded, or "" if none. */
  public static String rawQuery(String target) {
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }

  /**
   * Percent-decodes {@code s} as UTF-8; with {@code plusIsSpace}, '+' is a space (form encoding).
   *
   * @throws HttpError 400 for a '%' not followed by two hex digits, or bytes that are not UTF-8
   */
  public static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? hexDigit(s.charAt(i + 1)) : -1;
        int lo = hi < 0 ? -1 : hexDigit(s.charAt(i + 2));
        if (lo < 0) {
          throw HttpError.badRequest("bad percent-encoding in '" + s + "' at index " + i
              + ": expected '%' and two hex digits");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(utf8, 0, utf8.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("percent-encoded bytes in '" + s + "' are not UTF-8");
    }
  }

  /** The value of an ASCII hex digit, or -1 (also for the other digits Unicode knows). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char lower = (char) (c | 0x20);
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }

  /**
   * The name-value pairs of a query string or form body ({@code a=1&b=2&a=3}), decoded, in order;
   * a name without '=' has the value "". Empty parts ({@code a=1&&b=2}) are skipped and not
   * counted. One scan of {@code raw}, stopping at the field past the limit.
   *
   * @param what what {@code raw} is, for the error: {@code "form"} or {@code "query"}
   * @throws HttpError 400 for more than {@code maxFields} fields (naming {@code max-form-fields})
   *     or a malformed percent-encoding
   */
  public static Map<String, List<String>> parsePairs(String raw, int maxFields, String what) {
    if (raw.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, List<String>> pairs = new LinkedHashMap<>();
    int fields = 0;
    int start = 0;
    int length = raw.length();
    while (start <= length) {
      int amp = raw.indexOf('&', start);
      int end = amp < 0 ? length : amp;
      if (end > start) {
        if (++fields > maxFields) {
          throw HttpError.badRequest(what + " has more than " + maxFields
              + " fields (max-form-fields)");
        }
        int eq = raw.indexOf('=', start);
        String name;
        String value;
        if (eq < 0 || eq >= end) {
          name = decode(raw.substring(start, end), true);
          value = "";
        } else {
          name = decode(raw.substring(start, eq), true);
          value = decode(raw.substring(eq + 1, end), true);
        }
        pairs.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    return pairs;
  }

  /** The raw segments of a path, split on '/', without the leading empty one. */
  public static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    int start = rawPath.startsWith("/") ? 1 : 0;
    while (start <= rawPath.length()) {
      int slash = rawPath.indexOf('/', start);
      int end = slash < 0 ? rawPath.length() : slash;
      segments.add(rawPath.substring(start, end));
      start = end + 1;
    }
    return segments;
  }
}
