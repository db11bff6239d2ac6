package dev.eddy.http.sse;

import dev.eddy.http.Endpoint;
import dev.eddy.http.Response;
import dev.eddy.http.SseEndpoint;

/** Makes the endpoint of {@code Route.sse}. Static, any thread. */
public final class SseRoutes {

  /** Events buffered per stream unless the route says otherwise. */
  public static final int DEFAULT_BUFFER = 16;

  private SseRoutes() {}

  /**
   * An endpoint that opens a stream buffering up to {@code capacity} events, lets {@code open}
   * start it, and answers 200 {@code text/event-stream}; if {@code open} throws, the stream is
   * closed and the exception becomes the answer.
   */
  public static <S> Endpoint<S> endpoint(SseEndpoint<S> open, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("SSE buffer = " + capacity + " events: expected 1 or more");
    }
    return req -> {
      SseStream stream = new SseStream(capacity);
      try {
        open.open(req, stream);
      } catch (Exception | Error e) {
        stream.cancel();
        throw e;
      }
      return Response.stream(stream, "text/event-stream")
          // no-cache: every request must reach the server; no: nginx would buffer the stream.
          .header("Cache-Control", "no-cache")
          .header("X-Accel-Buffering", "no");
    };
  }
}
