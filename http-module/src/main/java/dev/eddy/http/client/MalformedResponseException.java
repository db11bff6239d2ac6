package dev.eddy.http.client;

import java.io.IOException;

/**
 * The server's response broke the protocol (a bad status line, a bad chunk size, headers over
 * the limit) or was cut short (the connection closed before the announced body ended). The
 * message names the server, the request and what was wrong. The connection is closed; a body
 * that was cut short is never handed out as complete.
 */
public final class MalformedResponseException extends IOException {

  private static final long serialVersionUID = 1L;

  /** @param message what was wrong, with the server and the request */
  public MalformedResponseException(String message) {
    super(message);
  }
}
