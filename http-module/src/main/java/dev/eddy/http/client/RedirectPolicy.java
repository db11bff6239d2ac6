package dev.eddy.http.client;

import java.net.URI;

/**
 * Decides whether the client follows one redirect hop (Go's {@code CheckRedirect}): given the
 * URL the redirect leads to and the 3xx response that asks for it, it lets the client go on or
 * stops it there. For example a fetcher of user-supplied URLs refuses hops to loopback or private
 * addresses, so that a public server cannot redirect it into the internal network.
 *
 * <pre>{@code
 * Client.builder().redirectPolicy((next, response) -> next.getHost().endsWith(".example.com"))
 * }</pre>
 *
 * <p>A refused hop ({@code false}) is not an error: the 3xx response is returned to the caller as
 * it is, as with {@code max-redirects = 0}. An exception thrown by the policy fails the request
 * with it. The policy runs after the client's own checks (scheme, {@code max-redirects}, the
 * method and header rules), once per hop, on a worker of the client's runtime: it must not block
 * (a DNS lookup blocks; look the host up when the request is made instead) and must be
 * thread-safe, since concurrent requests call it concurrently.
 */
@FunctionalInterface
public interface RedirectPolicy {

  /**
   * Whether to follow the redirect to {@code next}.
   *
   * @param next the absolute {@code http} URL the redirect leads to (its {@code Location},
   *     resolved)
   * @param response the 3xx response asking for the redirect; do not read its body here (it is
   *     discarded when the hop is followed, and returned unread to the caller when it is not)
   * @return {@code true} to follow, {@code false} to return {@code response} to the caller
   */
  boolean follow(URI next, ClientResponse response);

  /** The default: follows every redirect that the client's rules allow. */
  static RedirectPolicy followAll() {
    return (next, response) -> true;
  }
}
