package dev.eddy.http.server;

import dev.eddy.http.Body;
import dev.eddy.http.Response;
import dev.eddy.http.codec.RequestHead;

/**
 * One request and its response on a connection, from its head to the last byte of the answer.
 * Task only (the connection's), except where noted.
 */
final class Exchange {

  /** The request head; {@code null} for the answer to a request that could not be parsed. */
  final RequestHead head;
  /** The body being received, or {@code null} for a request without one. */
  final RequestBody body;
  /** Set once the app has answered; a response ready to send. */
  Response response;
  /** Close the connection after this response (an error, or {@code Connection: close}). */
  boolean closeAfter;
  /** Whether 100 Continue has been sent for this request. */
  boolean continueSent;

  // A streamed response body, while it is being sent.
  Body stream;
  boolean chunked;
  /** Bytes still due for a streamed body of known length. */
  long remaining;

  Exchange(RequestHead head, RequestBody body) {
    this.head = head;
    this.body = body;
  }

  /** The answer to a request refused before it reached the app; the connection closes after. */
  static Exchange refusal(Response response) {
    Exchange e = new Exchange(null, null);
    e.response = response;
    e.closeAfter = true;
    return e;
  }

  boolean isHead() {
    return head != null && head.method().equals("HEAD");
  }

  @Override
  public String toString() {
    return head == null ? "(unparsed request)" : head.method() + " " + head.target();
  }
}
