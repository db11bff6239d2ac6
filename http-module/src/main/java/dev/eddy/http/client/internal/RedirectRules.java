package dev.eddy.http.client.internal;

import dev.eddy.http.Headers;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import java.net.URI;
import java.util.Set;

/**
 * The method and header rules of one redirect (RFC 9110 §15.4), apart from the loop in {@link
 * Redirects} so they can be tested without a network. Static, any thread.
 *
 * <p><b>Headers across origins.</b> A redirect to another origin (scheme, host or port) keeps
 * only the headers of {@link #CROSS_ORIGIN_SAFE}, which negotiate content and carry no identity;
 * every other header the caller set is dropped. A list of credentials to drop ({@code
 * Authorization}, {@code Cookie}, {@code Proxy-Authorization}...) is never complete: services
 * invent their own ({@code X-Api-Key}, {@code Private-Token}, {@code X-Auth-Token}, {@code
 * X-Amz-Security-Token}), and one that is missed goes to whatever host the redirect names. The
 * price is that a custom header the caller meant for any host is not resent either; such a
 * caller follows the redirect itself ({@code max-redirects = 0}). Host, framing and {@code
 * User-Agent} from the configuration are the client's and are always sent.
 */
public final class RedirectRules {

  /** The headers (lower case) that survive a redirect to another origin. */
  public static final Set<String> CROSS_ORIGIN_SAFE = Set.of("accept", "accept-charset",
      "accept-encoding", "accept-language", "cache-control", "content-encoding",
      "content-language", "content-type", "pragma", "user-agent");

  private RedirectRules() {}

  /** The request to send after {@code response}, or {@code null} to return it as it is. */
  public static ClientRequest next(ClientRequest request, ClientResponse response) {
    int status = response.status();
    String location = response.header("Location");
    if (location == null || !(status == 301 || status == 302 || status == 303 || status == 307
        || status == 308)) {
      return null;
    }
    URI target;
    try {
      target = request.uri().resolve(new URI(location.trim()));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("redirect from " + request.uri() + " to a malformed "
          + "Location '" + location + "': " + e.getReason(), e);
    }
    Target.check(target); // https: fails fast, as for a first request
    ClientRequest next = request.withUri(target);
    boolean toGet = (status == 303 && !request.method().equals("HEAD"))
        || ((status == 301 || status == 302) && request.method().equals("POST"));
    if (toGet) {
      next = next.withMethod("GET").withoutBody();
    } else if (request.hasBody() && !request.isReplayable()) {
      return null; // 307/308 must resend the body, and a stream cannot be
    }
    if (!Target.sameOrigin(request.uri(), target)) {
      next = keepSafeHeaders(next);
    }
    return next;
  }

  private static ClientRequest keepSafeHeaders(ClientRequest request) {
    Headers h = request.headers();
    ClientRequest out = request;
    for (int i = 0; i < h.size(); i++) {
      String name = h.name(i);
      if (!CROSS_ORIGIN_SAFE.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        out = out.withoutHeader(name);
      }
    }
    return out;
  }
}
