package dev.eddy.http.codec;

/**
 * The standard methods (RFC 9110 §9 and PATCH, RFC 5789) as shared string constants: the parser
 * returns these very instances for them, so a server may compare with {@code ==} on the hot path
 * ({@code equals} works too). Any other token is a new string.
 */
public final class Methods {

  public static final String GET = "GET";
  public static final String HEAD = "HEAD";
  public static final String POST = "POST";
  public static final String PUT = "PUT";
  public static final String DELETE = "DELETE";
  public static final String CONNECT = "CONNECT";
  public static final String OPTIONS = "OPTIONS";
  public static final String TRACE = "TRACE";
  public static final String PATCH = "PATCH";

  private static final String[] ALL =
      {GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH};

  private Methods() {}

  /** The method in {@code bytes[0, length)}: a constant above when standard (case-sensitive). */
  static String of(byte[] bytes, int length) {
    for (String known : ALL) {
      if (known.length() == length && sameBytes(known, bytes)) {
        return known;
      }
    }
    return new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static boolean sameBytes(String known, byte[] bytes) {
    for (int i = 0; i < known.length(); i++) {
      if (known.charAt(i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }
}
