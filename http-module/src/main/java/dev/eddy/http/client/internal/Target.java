package dev.eddy.http.client.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a request goes, taken from its URL: the origin (host and port, the key of the pool), the
 * {@code Host} field and the origin-form target ({@code /path?query}). Only {@code http} is
 * supported; {@code https} fails fast with a clear message rather than hanging on a TLS
 * handshake nobody speaks. Immutable.
 *
 * @param host the host as in the URL, brackets of an IPv6 literal removed
 * @param port the port, 80 when the URL names none
 * @param hostHeader the {@code Host} value: {@code host} or {@code host:port}
 * @param target the origin-form request target, never empty
 */
public record Target(String host, int port, String hostHeader, String target) {

  private static final int HTTP_PORT = 80;

  /** The origin key of the pool: {@code host:port}. */
  public String origin() {
    return host + ":" + port;
  }

  /**
   * Parses an absolute URL string, resolving it against {@code base} when it has no scheme.
   *
   * @throws IllegalArgumentException naming the URL and what was expected
   * @throws UnsupportedOperationException for {@code https}
   */
  public static URI absolute(URI base, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed URL '" + url + "': " + e.getReason()
          + " at index " + e.getIndex() + "; expected http://host[:port]/path?query"
          + (url.indexOf('{') >= 0 ? " (a {name} placeholder needs its value: "
              + "client.get(template, values...))" : " (client.get(\"/items/{name}\", name) or "
              + "pathSegment(name) percent-encode a value for you)"), e);
    }
    if (uri.getScheme() == null) {
      if (base == null) {
        throw new IllegalArgumentException("URL '" + url + "' has no scheme and the client "
            + "has no base URL; expected http://host[:port]/path or a base URL in the builder");
      }
      uri = base.resolve(uri);
    }
    check(uri);
    return uri;
  }

  /**
   * Checks that {@code uri} is an absolute http URL with a host.
   *
   * @throws UnsupportedOperationException for {@code https}
   * @throws IllegalArgumentException for anything else that is not http with a host, or a
   *     character that is not visible ASCII
   */
  public static void check(URI uri) {
    String scheme = uri.getScheme();
    if ("https".equalsIgnoreCase(scheme)) {
      throw new UnsupportedOperationException("TLS (https) is not supported yet: " + uri
          + "; use http:// or a TLS-terminating proxy");
    }
    if (scheme == null || !scheme.equalsIgnoreCase("http")) {
      throw new IllegalArgumentException("URL '" + uri + "': unsupported scheme '" + scheme
          + "'; expected http");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("URL '" + uri + "' has no host (or a host with "
          + "invalid characters); expected http://host[:port]/path");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("URL '" + uri + "' carries user information; "
          + "send credentials in an Authorization header instead");
    }
    String text = uri.toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        throw new IllegalArgumentException("URL '" + uri + "': character '" + c + "' at index "
            + i + " is not visible ASCII; expected a percent-encoded URL (client.get(\"/items/"
            + "{name}\", name) or pathSegment(name) encode a value for you)");
      }
    }
    if (uri.getPort() > 65535) {
      throw new IllegalArgumentException("URL '" + uri + "': port " + uri.getPort()
          + " out of range; expected 1 to 65535");
    }
  }

  /** The target of {@code uri}, already checked by {@link #check}. */
  public static Target of(URI uri) {
    String host = uri.getHost();
    String bare = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    int port = uri.getPort() < 0 ? HTTP_PORT : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery();
    String target = query == null ? path : path + "?" + query;
    String hostHeader = port == HTTP_PORT ? host : host + ":" + port;
    return new Target(bare, port, hostHeader, target);
  }

  /** Whether {@code a} and {@code b} have the same scheme, host and port (RFC 6454 origin). */
  public static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(
        b.getHost()) && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() < 0 ? HTTP_PORT : u.getPort();
  }
}
