package dev.eddy.http.client.internal;

import java.nio.charset.StandardCharsets;

/**
 * URL templates and path-segment encoding for the client (as Spring's {@code "/hello/{name}"}
 * templates and OkHttp's {@code addPathSegment}). A value becomes one path segment: every byte of
 * its UTF-8 form that is not a {@code pchar} of RFC 3986 §3.3 (unreserved, sub-delims, {@code :}
 * and {@code @}) is percent-encoded, {@code /}, {@code ?}, {@code #}, {@code %} and space
 * included, and a value that is exactly {@code .} or {@code ..} is encoded too, so that no value
 * can add a segment or climb out of the path. Static, any thread.
 */
public final class UriTemplates {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriTemplates() {}

  /**
   * {@code template} with its {@code {name}} placeholders replaced, in order, by {@code values}
   * encoded as path segments.
   *
   * @throws IllegalArgumentException when the number of placeholders is not the number of
   *     values, a brace is not closed, or a value is null; the message names the template
   */
  public static String expand(String template, Object... values) {
    StringBuilder out = new StringBuilder(template.length() + 16);
    int used = 0;
    int placeholders = 0;
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int end = template.indexOf('}', i);
      if (end < 0) {
        throw new IllegalArgumentException("URL template '" + template + "': '{' at index " + i
            + " is not closed; expected {name}");
      }
      placeholders++;
      if (used < values.length) {
        Object value = values[used++];
        if (value == null) {
          throw new IllegalArgumentException("URL template '" + template + "': the value of "
              + template.substring(i, end + 1) + " is null; expected a value");
        }
        out.append(encodeSegment(value.toString()));
      }
      i = end + 1;
    }
    if (placeholders != values.length) {
      throw new IllegalArgumentException("URL template '" + template + "' has " + placeholders
          + " placeholder(s) but " + values.length + " value(s) were given; expected one value "
          + "per {name}");
    }
    return out.toString();
  }

  /** {@code value} percent-encoded as one path segment (see the class comment). */
  public static String encodeSegment(String value) {
    if (value.equals(".") || value.equals("..")) {
      return value.equals(".") ? "%2E" : "%2E%2E";
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int u = b & 0xFF;
      if (isPchar(u)) {
        out.append((char) u);
      } else {
        out.append('%').append(HEX[u >> 4]).append(HEX[u & 0xF]);
      }
    }
    return out.toString();
  }

  private static boolean isPchar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
  }
}
