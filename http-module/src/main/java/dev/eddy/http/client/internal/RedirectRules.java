package dev.eddy.http.client.internal;

import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import java.net.URI;

/**
 * The method and header rules of one redirect (RFC 9110 §15.4), apart from the loop in {@link
 * Redirects} so they can be tested without a network. Static, any thread.
 */
public final class RedirectRules {

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
      next = next.withoutHeader("Authorization").withoutHeader("Cookie");
    }
    return next;
  }
}
