package dev.eddy.http.internal;

import dev.eddy.http.Request;
import dev.eddy.http.Response;

/**
 * A middleware that also wants to see the requests the server refused before they reached the
 * app's middleware (a malformed head, a head over a limit or not complete in time): the request
 * log. Called on the connection's task, synchronously, with the answer about to be sent.
 */
public interface RefusalListener {

  /** {@code req} (a stand-in whose method and target are {@code "-"}) is answered {@code res}. */
  void refused(Request<?> req, Response res);
}
