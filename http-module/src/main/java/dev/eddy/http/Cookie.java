package dev.eddy.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A cookie to set on the client ({@code Set-Cookie}, RFC 6265 §4.1), built fluently:
 * {@code Cookie.of("session", id).withHttpOnly().withSecure().withMaxAge(Duration.ofHours(1))}. Immutable.
 *
 * @param name the cookie name: a token (letters, digits and {@code !#$%&'*+-.^_`|~})
 * @param value the value: cookie-octets only (no space, quote, comma, semicolon or backslash)
 * @param path the {@code Path} attribute, or null
 * @param domain the {@code Domain} attribute, or null
 * @param maxAge the {@code Max-Age} attribute, or null for a session cookie
 * @param secure the {@code Secure} attribute
 * @param httpOnly the {@code HttpOnly} attribute
 * @param sameSite the {@code SameSite} attribute ({@code Strict}, {@code Lax}, {@code None}), or
 *     null; {@code None} only with {@code secure}
 */
public record Cookie(String name, String value, String path, String domain, Duration maxAge,
    boolean secure, boolean httpOnly, String sameSite) {

  /** Checks the name, value and attributes (no CR, LF or {@code ;} can reach the header). */
  public Cookie {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || !name.chars().allMatch(Cookie::isTokenChar)) {
      throw new IllegalArgumentException("cookie name '" + name + "': expected a token");
    }
    if (!value.chars().allMatch(Cookie::isCookieOctet)) {
      throw new IllegalArgumentException("cookie '" + name + "' value '" + value
          + "': expected cookie-octets (no space, quote, comma, semicolon, backslash or control)");
    }
    requireAttribute(name, "path", path);
    requireAttribute(name, "domain", domain);
    if (sameSite != null && !sameSite.matches("Strict|Lax|None")) {
      throw new IllegalArgumentException("cookie '" + name + "' SameSite '" + sameSite
          + "': expected Strict, Lax or None");
    }
    if ("None".equals(sameSite) && !secure) {
      throw new IllegalArgumentException("cookie '" + name + "' SameSite=None without Secure: "
          + "browsers reject it; call withSecure() before withSameSite(\"None\"), or use Lax");
    }
    if (maxAge != null && maxAge.isNegative()) {
      throw new IllegalArgumentException("cookie '" + name + "' Max-Age " + maxAge
          + ": expected zero (delete now) or positive");
    }
  }

  /** A session cookie with no attributes. */
  public static Cookie of(String name, String value) {
    return new Cookie(name, value, null, null, null, false, false, null);
  }

  /** A cookie that makes the client delete {@code name} ({@code Max-Age=0}). */
  public static Cookie expire(String name) {
    return new Cookie(name, "", null, null, Duration.ZERO, false, false, null);
  }

  public Cookie withPath(String p) {
    return new Cookie(name, value, p, domain, maxAge, secure, httpOnly, sameSite);
  }

  public Cookie withDomain(String d) {
    return new Cookie(name, value, path, d, maxAge, secure, httpOnly, sameSite);
  }

  public Cookie withMaxAge(Duration age) {
    return new Cookie(name, value, path, domain, age, secure, httpOnly, sameSite);
  }

  public Cookie withSecure() {
    return new Cookie(name, value, path, domain, maxAge, true, httpOnly, sameSite);
  }

  public Cookie withHttpOnly() {
    return new Cookie(name, value, path, domain, maxAge, secure, true, sameSite);
  }

  /**
   * A copy with the {@code SameSite} attribute ({@code Strict}, {@code Lax} or {@code None}).
   *
   * @throws IllegalArgumentException for another value, or for {@code None} on a cookie that is
   *     not {@link #withSecure() Secure} (browsers reject that cookie)
   */
  public Cookie withSameSite(String policy) {
    return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, policy);
  }

  /** The {@code Set-Cookie} header value. */
  public String toHeaderValue() {
    StringBuilder b = new StringBuilder(name).append('=').append(value);
    if (path != null) {
      b.append("; Path=").append(path);
    }
    if (domain != null) {
      b.append("; Domain=").append(domain);
    }
    if (maxAge != null) {
      b.append("; Max-Age=").append(maxAge.toSeconds());
    }
    if (secure) {
      b.append("; Secure");
    }
    if (httpOnly) {
      b.append("; HttpOnly");
    }
    if (sameSite != null) {
      b.append("; SameSite=").append(sameSite);
    }
    return b.toString();
  }

  private static void requireAttribute(String name, String attribute, String v) {
    if (v != null && !v.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';')) {
      throw new IllegalArgumentException("cookie '" + name + "' " + attribute + " '" + v
          + "': expected visible ASCII without ';'");
    }
  }

  private static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }

  private static boolean isCookieOctet(int c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a)
        || (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
  }
}
