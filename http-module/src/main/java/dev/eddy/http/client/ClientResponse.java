package dev.eddy.http.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.eddy.http.Body;
import dev.eddy.http.Headers;
import dev.eddy.http.client.internal.ClientJson;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A response: status, headers and a body that streams from the connection (surf's {@code
 * Response}). Any status is a response, 404 and 500 included; {@link #errorForStatus()} turns
 * 4xx and 5xx into a failure when the caller wants that.
 *
 * <p><b>The body and the connection.</b> {@link #body()} reads from the socket only as fast as
 * the caller asks (backpressure). When the body is read to its end the connection goes back to
 * the pool. A body that arrived whole with the head (small responses) is already buffered and
 * its connection already back in the pool. Otherwise, read the body or call {@link #close()}:
 * closing a response whose body was not read to the end closes its connection (draining an
 * unknown amount would cost more than a new connection). A streaming response dropped without
 * either is found late, when the garbage collector sees it unreachable: its connection is then
 * closed and a warning logged; with {@code call-timeout} set, the deadline closes it too.
 *
 * <p>The whole-body readers ({@link #bodyBytes()}, {@link #bodyString()}, {@link #bodyJson})
 * buffer at most {@code eddy.http.client.max-body-size} bytes and fail past it.
 *
 * <p>Thread-safety: read by one thread at a time. Stages complete on a worker of the client's
 * runtime.
 */
public final class ClientResponse implements AutoCloseable {

  private static final int EXCERPT = 200;

  private final int status;
  private final Headers headers;
  private final Body body;
  private final URI uri;
  private final long maxBodySize;

  private ClientResponse(int status, Headers headers, Body body, URI uri, long maxBodySize) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.uri = uri;
    this.maxBodySize = maxBodySize;
  }

  /**
   * A response made in code: for middleware that answers by itself (a cache) and for tests.
   *
   * @param status 100 to 599
   * @param headers the fields (made read-only)
   * @param body the body
   * @param uri the URL it answers
   */
  public static ClientResponse of(int status, Headers headers, Body body, URI uri) {
    return of(status, headers, body, uri, Long.MAX_VALUE);
  }

  /** As {@link #of(int, Headers, Body, URI)}, buffering at most {@code maxBodySize} bytes. */
  public static ClientResponse of(int status, Headers headers, Body body, URI uri,
      long maxBodySize) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status " + status + ": expected 100 to 599");
    }
    return new ClientResponse(status, Objects.requireNonNull(headers, "headers").readOnly(),
        Objects.requireNonNull(body, "body"), Objects.requireNonNull(uri, "uri"), maxBodySize);
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** Whether the status is 2xx. */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** The header fields, read-only. */
  public Headers headers() {
    return headers;
  }

  /** The first value of header {@code name} (any case), or {@code null}. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The URL this response answers: the last one when redirects were followed. */
  public URI uri() {
    return uri;
  }

  /**
   * The body as a stream, read once: each {@link Body#read()} reads more from the connection
   * only when called. {@link Body#length()} is the Content-Length, or -1.
   */
  public Body body() {
    return body;
  }

  /** Reads the whole body (at most {@code max-body-size} bytes). */
  public CompletionStage<byte[]> bodyBytes() {
    long length = body.length();
    if (length > maxBodySize) {
      body.cancel();
      return CompletableFuture.failedStage(tooLarge(length));
    }
    CompletableFuture<byte[]> all = new CompletableFuture<>();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
        length > 0 ? (int) Math.min(length, 1 << 20) : 256);
    readAll(out, all);
    return all;
  }

  /** Reads the whole body as text, in the charset of Content-Type (UTF-8 if none is named). */
  public CompletionStage<String> bodyString() {
    return bodyBytes().thenApply(b -> new String(b, ClientJson.charset(header("Content-Type"))));
  }

  /** Reads the whole body as JSON into {@code type} (unknown properties are ignored). */
  public <T> CompletionStage<T> bodyJson(Class<T> type) {
    return bodyBytes().thenApply(b -> ClientJson.read(b, type, this));
  }

  /** Reads the whole body as JSON into a generic type, e.g. {@code List<Todo>}. */
  public <T> CompletionStage<T> bodyJson(TypeReference<T> type) {
    return bodyBytes().thenApply(b -> ClientJson.read(b, type, this));
  }

  /**
   * This response if its status is below 400; otherwise a failed stage with an {@link
   * HttpStatusException} carrying the status and the start of the body (the body is read, up to
   * a short excerpt, and the response closed).
   */
  public CompletionStage<ClientResponse> errorForStatus() {
    if (status < 400) {
      return CompletableFuture.completedStage(this);
    }
    return failForStatus(null);
  }

  /**
   * A stage failed with an {@link HttpStatusException} for this response, whatever its status,
   * after reading an excerpt of the body and closing it; {@code method} (or null) goes in the
   * message before the URL.
   */
  <T> CompletionStage<T> failForStatus(String method) {
    String what = method == null ? uri.toString() : method + " " + uri;
    return excerpt().handle((text, failure) -> {
      close();
      throw new java.util.concurrent.CompletionException(new HttpStatusException(status, what,
          failure == null ? text : ""));
    });
  }

  /**
   * Lets go of the body: if it was not read to its end, its connection is closed instead of
   * going back to the pool. Idempotent; any thread.
   */
  @Override
  public void close() {
    body.cancel();
  }

  private CompletionStage<String> excerpt() {
    return body.read().thenApply(piece -> piece.map(b -> {
      byte[] bytes = new byte[Math.min(b.remaining(), EXCERPT)];
      b.get(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      return bytes.length == EXCERPT ? text + "..." : text;
    }).orElse(""));
  }

  private void readAll(java.io.ByteArrayOutputStream out, CompletableFuture<byte[]> all) {
    // Loops while reads complete at once and recurses only through asynchronous completions,
    // so a body of many ready pieces cannot overflow the stack.
    while (true) {
      CompletableFuture<Optional<ByteBuffer>> next = body.read().toCompletableFuture();
      if (!next.isDone()) {
        next.whenComplete((piece, failure) -> {
          if (take(piece, failure, out, all)) {
            readAll(out, all);
          }
        });
        return;
      }
      Optional<ByteBuffer> piece;
      try {
        piece = next.join();
      } catch (RuntimeException e) {
        take(null, e, out, all);
        return;
      }
      if (!take(piece, null, out, all)) {
        return;
      }
    }
  }

  private boolean take(Optional<ByteBuffer> piece, Throwable failure,
      java.io.ByteArrayOutputStream out, CompletableFuture<byte[]> all) {
    if (failure != null) {
      all.completeExceptionally(failure instanceof java.util.concurrent.CompletionException c
          && c.getCause() != null ? c.getCause() : failure);
      return false;
    }
    if (piece.isEmpty()) {
      all.complete(out.toByteArray());
      return false;
    }
    ByteBuffer b = piece.get();
    if ((long) out.size() + b.remaining() > maxBodySize) {
      body.cancel();
      all.completeExceptionally(tooLarge(out.size() + (long) b.remaining()));
      return false;
    }
    if (b.hasArray()) {
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    } else {
      byte[] copy = new byte[b.remaining()];
      b.get(copy);
      out.write(copy, 0, copy.length);
    }
    return true;
  }

  private MalformedResponseException tooLarge(long bytes) {
    return new MalformedResponseException("the body of the response from " + uri + " is "
        + "larger than " + maxBodySize + " bytes (max-body-size; " + bytes + " at least); "
        + "stream it with body() instead");
  }

  @Override
  public String toString() {
    return "ClientResponse[" + status + " from " + uri + "]";
  }
}
