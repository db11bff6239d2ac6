package dev.eddy.http.client;

import java.io.IOException;
import java.util.List;

/**
 * A request was redirected more than {@code max-redirects} times (a redirect loop, usually).
 * The message lists the chain of URLs.
 */
public final class TooManyRedirectsException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> chain;

  /**
   * @param limit the limit that was exceeded
   * @param chain the URLs visited, in order
   */
  public TooManyRedirectsException(int limit, List<String> chain) {
    super("more than " + limit + " redirects (max-redirects): " + String.join(" -> ", chain));
    this.chain = List.copyOf(chain);
  }

  /** The URLs visited, in order, the first one requested first. */
  public List<String> chain() {
    return chain;
  }
}
