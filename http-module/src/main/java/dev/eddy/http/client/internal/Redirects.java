package dev.eddy.http.client.internal;

import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.RedirectPolicy;
import dev.eddy.http.client.TooManyRedirectsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Following redirects (RFC 9110 §15.4): 301, 302, 303, 307 and 308 with a {@code Location}, up
 * to a limit (which also ends loops); {@link RedirectRules} decides each step. 303 turns any
 * method but HEAD into a GET without body; 301 and 302 turn a POST into a GET without body, as
 * browsers do; 307 and 308 keep the method and resend the body, or are returned as they are when
 * the body was a one-shot stream. Across origins only the safe headers of {@link
 * RedirectRules#CROSS_ORIGIN_SAFE} are kept, so credentials do not leak to another host. The
 * {@link RedirectPolicy} may refuse a hop; the 3xx is then returned as it is. The body of each
 * followed redirect response is discarded. Static, any thread.
 */
final class Redirects {

  private Redirects() {}

  static CompletionStage<ClientResponse> follow(ClientRequest request, int max,
      RedirectPolicy policy, Function<ClientRequest, CompletionStage<ClientResponse>> send) {
    List<String> chain = new ArrayList<>();
    chain.add(request.uri().toString());
    return step(request, max, policy, send, chain);
  }

  private static CompletionStage<ClientResponse> step(ClientRequest request, int max,
      RedirectPolicy policy, Function<ClientRequest, CompletionStage<ClientResponse>> send,
      List<String> chain) {
    return send.apply(request).thenCompose(response -> {
      ClientRequest next;
      try {
        next = max == 0 ? null : RedirectRules.next(request, response);
        if (next != null && !policy.follow(next.uri(), response)) {
          next = null;
        }
      } catch (RuntimeException e) {
        response.close();
        return CompletableFuture.failedStage(e);
      }
      if (next == null) {
        return CompletableFuture.completedStage(response);
      }
      response.close(); // a buffered body costs nothing; a streaming one closes its connection
      chain.add(next.uri().toString());
      if (chain.size() > max + 1) {
        return CompletableFuture.failedStage(new TooManyRedirectsException(max, chain));
      }
      return step(next, max, policy, send, chain);
    });
  }
}
