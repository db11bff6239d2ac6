package dev.eddy.http.codec;

/**
 * The rules of a request line (RFC 9112 §3) that need the whole of it: the version, and the four
 * forms of request-target and which methods may use which: origin-form ({@code /path?query}) and
 * absolute-form ({@code scheme:...}) for any method but CONNECT, authority-form ({@code
 * host:port}) for CONNECT only, asterisk-form ({@code *}) for OPTIONS only. The parser has
 * already checked the bytes of each part. Stateless.
 */
final class RequestLine {

  private RequestLine() {}

  /** The version in {@code b[from, to)}: "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3).
   */
  static HttpVersion version(byte[] b, int from, int to) throws HttpParseException {
    boolean wellFormed = to - from == 8 && b[from] == 'H' && b[from + 1] == 'T'
        && b[from + 2] == 'T' && b[from + 3] == 'P' && b[from + 4] == '/'
        && isDigit(b[from + 5]) && b[from + 6] == '.' && isDigit(b[from + 7]);
    if (!wellFormed) {
      throw new HttpParseException(400, "malformed HTTP version " + Ascii.show(b, from, to)
          + "; expected HTTP/1.1 or HTTP/1.0");
    }
    if (b[from + 5] == '1' && b[from + 7] == '1') {
      return HttpVersion.HTTP_1_1;
    }
    if (b[from + 5] == '1' && b[from + 7] == '0') {
      return HttpVersion.HTTP_1_0;
    }
    throw new HttpParseException(505, "HTTP version " + Ascii.show(b, from, to)
        + " is not supported; expected HTTP/1.1 or HTTP/1.0");
  }

  static void checkTarget(String method, String target) throws HttpParseException {
    boolean connect = method.equals(Methods.CONNECT);
    char first = target.charAt(0);
    if (connect) {
      if (!isAuthority(target)) {
        throw bad(method, target, "CONNECT takes authority-form host:port");
      }
    } else if (first == '/') {
      return;
    } else if (target.equals("*")) {
      if (!method.equals(Methods.OPTIONS)) {
        throw bad(method, target, "asterisk-form * is for OPTIONS only");
      }
    } else if (!isAbsolute(target)) {
      throw bad(method, target, "expected origin-form /path, absolute-form scheme://..., "
          + "host:port for CONNECT or * for OPTIONS");
    }
  }

  /** scheme ":" where scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1). */
  private static boolean isAbsolute(String target) {
    if (!isAlpha(target.charAt(0))) {
      return false;
    }
    for (int i = 1; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == ':') {
        return true;
      }
      if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return false;
  }

  /** uri-host ":" port, with a non-empty decimal port (RFC 9110 §9.3.6). */
  private static boolean isAuthority(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      return false;
    }
    for (int i = 0; i < colon; i++) {
      if (!Ascii.is(target.charAt(i), Ascii.HOST)) {
        return false;
      }
    }
    for (int i = colon + 1; i < target.length(); i++) {
      if (target.charAt(i) < '0' || target.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static HttpParseException bad(String method, String target, String expected) {
    return new HttpParseException(400, "request target " + Ascii.show(target) + " of "
        + method + ": " + expected);
  }
}
