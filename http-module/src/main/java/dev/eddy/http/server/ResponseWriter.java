package dev.eddy.http.server;

import dev.eddy.http.Body;
import dev.eddy.http.Headers;
import dev.eddy.http.Response;
import dev.eddy.http.codec.HttpVersion;
import dev.eddy.http.codec.RequestHead;
import dev.eddy.http.codec.ResponseEncoder;
import dev.eddy.net.Connection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns responses into bytes on one connection: the head with the server's framing decisions,
 * then an in-memory body at once or a streamed body piece by piece as the connection can take it
 * (backpressure: the next piece is read only while the connection is writable). Small responses
 * are gathered in the encoder and handed over together; an in-memory body of {@code flushAt}
 * bytes or more goes to the connection as it is, after its head, so the encoder's array never
 * grows to the size of a large body.
 *
 * <p>Framing rules: no body for HEAD requests and for 1xx, 204 and 304 answers; {@code
 * Content-Length} when the length is known; chunked for a stream of unknown length to an HTTP/1.1
 * client, and for HTTP/1.0 no length and a close. {@code Content-Length}, {@code
 * Transfer-Encoding} and {@code Connection} headers set by a handler are the server's business
 * and are not copied ({@code Connection: close} is honoured as a request to close). A header the
 * encoder refuses (CR, LF, control characters: response splitting), and a 1xx status (interim
 * responses are the server's: {@code 100 Continue}), replace the response with a 500 and are
 * logged.
 *
 * <p>Task only (the connection's); {@code onTask} brings completions of stream reads back there.
 */
final class ResponseWriter {

  private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);
  private static final byte[] INTERNAL_ERROR =
      "Internal Server Error".getBytes(StandardCharsets.US_ASCII);

  private final Connection conn;
  private final ResponseEncoder encoder;
  private final Executor onTask;
  /** Encoded bytes past which the writer hands them to the connection mid-batch. */
  private final int flushAt;
  private Exchange streaming;
  private Runnable whenStreamed;
  private boolean starting;

  ResponseWriter(HttpServerCore server, Connection conn, Executor onTask) {
    this.conn = conn;
    this.encoder = server.newEncoder();
    this.onTask = onTask;
    this.flushAt = server.config().tcp().bufferSize();
  }

  /**
   * Writes the response of {@code ex}.
   *
   * @return {@code true} if it is fully encoded; {@code false} while its body streams, after
   *     which {@code whenStreamed} runs
   */
  boolean start(Exchange ex, boolean close, Runnable whenStreamed) {
    Response r = ex.response;
    RequestHead head = ex.head;
    int code = r.status();
    boolean http11 = head == null || head.version() == HttpVersion.HTTP_1_1;
    close |= head != null && !head.keepAlive() || "close".equalsIgnoreCase(r.header("Connection"));
    boolean bodiless = code < 200 || code == 204 || code == 304;
    byte[] bytes = r.bodyBytes();
    Body stream = bytes == null ? r.body() : null;
    long length;
    if (bodiless) {
      length = ResponseEncoder.NO_BODY;
    } else if (bytes != null) {
      length = bytes.length;
    } else if (stream.length() >= 0) {
      length = stream.length();
    } else if (http11) {
      length = ResponseEncoder.CHUNKED;
    } else {
      length = ResponseEncoder.NO_BODY; // HTTP/1.0: the body ends with the connection
      close = true;
    }
    ex.closeAfter |= close;
    boolean announce = !http11 && !close;
    int mark = encoder.size();
    try {
      if (code < 200) {
        // An interim status as the final answer: the client would wait on for the real one and
        // take the next pipelined response for it (a 101 could even switch a proxy to a tunnel).
        throw new IllegalArgumentException("status " + code + " is a 1xx interim status; "
            + "expected a final status (200 to 599)");
      }
      encoder.status(code);
      Headers h = r.headers();
      for (int i = 0; i < h.size(); i++) {
        String name = h.name(i);
        if (!isFraming(name)) {
          encoder.header(name, h.value(i));
        }
      }
      encoder.endHead(length, close, announce);
    } catch (IllegalArgumentException bad) {
      encoder.rollback(mark);
      log.error("The response {} to {} is invalid, sent a 500 instead: {}", code, ex,
          bad.getMessage());
      encoder.status(500).header("Content-Type", "text/plain;charset=utf-8");
      encoder.endHead(INTERNAL_ERROR.length, close, announce);
      if (!ex.isHead()) {
        encoder.body(INTERNAL_ERROR);
      }
      cancel(stream);
      return true;
    }
    if (ex.isHead() || bodiless) {
      cancel(stream); // never read: let it release a file or a waiting producer
      return true;
    }
    if (bytes != null) {
      if (bytes.length >= flushAt) {
        flush(); // the head (and what was before it), then the body as it is: no copy
        conn.write(ByteBuffer.wrap(bytes));
        return true;
      }
      encoder.body(bytes);
      if (encoder.size() >= flushAt) {
        flush();
      }
      return true;
    }
    streaming = ex;
    ex.stream = stream;
    ex.chunked = length == ResponseEncoder.CHUNKED;
    ex.remaining = length;
    this.whenStreamed = whenStreamed;
    starting = true;
    try {
      pump();
    } finally {
      starting = false;
    }
    return streaming == null;
  }

  private static boolean isFraming(String name) {
    return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
        || name.equalsIgnoreCase("Connection");
  }

  /** Whether a streamed body is being sent. */
  boolean isStreaming() {
    return streaming != null;
  }

  /** The connection is writable again: go on with the streamed body, if any. */
  void resume() {
    if (streaming != null) {
      pump();
    }
  }

  /** Reads and sends pieces while they are ready and the connection takes them. */
  private void pump() {
    while (streaming != null) {
      if (!conn.isWritable()) {
        flush();
        return; // onWritable resumes
      }
      Exchange ex = streaming;
      CompletableFuture<Optional<ByteBuffer>> next = ex.stream.read().toCompletableFuture();
      if (!next.isDone()) {
        flush();
        next.whenComplete((piece, failure) -> onTask.execute(() -> {
          if (streaming == ex) {
            deliver(ex, piece, failure);
            pump();
          }
        }));
        return;
      }
      Optional<ByteBuffer> piece = null;
      Throwable failure = null;
      try {
        piece = next.join();
      } catch (RuntimeException e) {
        failure = e.getCause() != null ? e.getCause() : e;
      }
      deliver(ex, piece, failure);
    }
  }

  private void deliver(Exchange ex, Optional<ByteBuffer> piece, Throwable failure) {
    if (failure != null) {
      fail(ex, "its body stream failed: " + failure);
      return;
    }
    if (piece.isEmpty()) {
      if (ex.chunked) {
        encoder.lastChunk();
      } else if (ex.remaining > 0) {
        fail(ex, "its body stream ended " + ex.remaining + " bytes short of its length");
        return;
      }
      streaming = null;
      flush();
      if (!starting) {
        whenStreamed.run();
      }
      return;
    }
    ByteBuffer b = piece.get();
    if (ex.chunked) {
      encoder.chunk(b);
    } else {
      if (b.remaining() > ex.remaining) {
        fail(ex, "its body stream gave more bytes than its length");
        return;
      }
      ex.remaining -= b.remaining();
      encoder.body(b);
    }
    if (encoder.size() >= flushAt) {
      flush();
    }
  }

  /** A streamed body broke its framing: nothing sensible can follow on this connection. */
  private void fail(Exchange ex, String why) {
    log.warn("Aborted the connection of {}: {}", ex, why);
    streaming = null;
    cancel(ex.stream);
    flush();
    conn.abort();
  }

  /** Writes {@code 100 Continue} now. */
  void sendContinue() {
    encoder.writeContinue();
    flush();
  }

  /** Hands what is encoded to the connection. */
  void flush() {
    if (encoder.size() > 0) {
      conn.write(encoder.drain());
    }
  }

  /** The connection is gone: forget the stream, and tell it that nobody reads on. */
  void abandon() {
    Exchange ex = streaming;
    streaming = null;
    if (ex != null) {
      cancel(ex.stream);
    }
  }

  /**
   * Tells a streamed body that it will not be read to the end ({@link Body#cancel()}); a body
   * that throws is logged, never allowed to break the connection's task.
   */
  static void cancel(Body stream) {
    if (stream == null) {
      return;
    }
    try {
      stream.cancel();
    } catch (RuntimeException e) {
      log.warn("Cancelling the response body {} threw", stream, e);
    }
  }
}
