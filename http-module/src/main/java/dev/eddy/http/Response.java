package dev.eddy.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eddy.http.internal.Bodies;
import dev.eddy.http.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP response: a status, headers and a body (tide's {@code Response}). Built by the static
 * factories and adjusted fluently:
 *
 * <pre>{@code
 * Response.json(201, saved).header("Location", "/todos/" + saved.id());
 * Response.text("Hello").cookie(Cookie.of("seen", "1").withHttpOnly());
 * }</pre>
 *
 * <p>The server adds {@code Date}, {@code Server} and {@code Content-Length} (or chunked framing
 * for a streamed body of unknown length), and leaves the body out for {@code HEAD} requests and
 * 204/304 statuses. Header names and values are checked when sent: a CR, LF or other control
 * character refuses the response (a 500 is sent instead, and the cause logged) so a handler can
 * never split a response.
 *
 * <p>Thread-safety: a response is built by one thread at a time; once returned to the server it
 * must not be changed.
 */
public final class Response {

  private static final String TEXT = "text/plain;charset=utf-8";
  private static final String JSON = "application/json";

  private int status;
  private final Headers headers = new Headers();
  private Body body = Body.empty();

  private Response(int status) {
    this.status = checkStatus(status);
  }

  /** A response with {@code status} and no body. */
  public static Response of(int status) {
    return new Response(status);
  }

  /** 200 with {@code text} as {@code text/plain} in UTF-8. */
  public static Response text(String text) {
    return text(Status.OK, text);
  }

  /** {@code status} with {@code text} as {@code text/plain} in UTF-8. */
  public static Response text(int status, String text) {
    return new Response(status).body(text.getBytes(StandardCharsets.UTF_8), TEXT);
  }

  /** 200 with {@code html} as {@code text/html} in UTF-8. */
  public static Response html(String html) {
    return new Response(Status.OK).body(html.getBytes(StandardCharsets.UTF_8),
        "text/html;charset=utf-8");
  }

  /** 200 with {@code value} serialized as JSON now, by the mapper of {@link JsonConfig}. */
  public static Response json(Object value) {
    return json(Status.OK, value);
  }

  /**
   * {@code status} with {@code value} serialized as JSON now, by the mapper of {@link JsonConfig}
   * (Java time types as ISO-8601 text and {@code Optional} by default).
   *
   * @throws IllegalArgumentException if Jackson cannot serialize {@code value}
   */
  public static Response json(int status, Object value) {
    try {
      return new Response(status).body(Json.mapper().writeValueAsBytes(value), JSON);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName()
          + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** 200 with {@code bytes} (not copied) of {@code contentType}. */
  public static Response bytes(byte[] bytes, String contentType) {
    return new Response(Status.OK).body(bytes, contentType);
  }

  /**
   * 200 with a body streamed from {@code body}, of {@code contentType}; sent with chunked framing
   * unless {@link Body#length()} is known.
   */
  public static Response stream(Body body, String contentType) {
    Response r = new Response(Status.OK);
    r.body = Objects.requireNonNull(body, "body");
    r.headers.set("Content-Type", contentType);
    return r;
  }

  /**
   * 200 with the bytes of {@code file}, streamed in chunks as the client reads them (not loaded
   * into memory), its {@code Content-Type} from the file name's extension and its {@code
   * Content-Length} from the size read now. For a directory of files with validators, ranges and
   * 304s, use {@link Route#serveDir} or {@link Route#serveFile} instead.
   *
   * @throws HttpError 404 if {@code file} does not exist
   * @throws java.io.UncheckedIOException if it cannot be read (a 500 when thrown from an endpoint)
   */
  public static Response file(java.nio.file.Path file) {
    try {
      return stream(dev.eddy.http.fs.StaticFiles.wholeFile(file),
          dev.eddy.http.fs.MediaTypes.of(file.getFileName().toString()));
    } catch (java.nio.file.NoSuchFileException e) {
      throw HttpError.notFound("Not Found");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }

  /** 302 Found to {@code location}. */
  public static Response redirect(String location) {
    return redirect(Status.FOUND, location);
  }

  /**
   * A redirect with {@code status} (301, 302, 303, 307 or 308) to {@code location}.
   *
   * @throws IllegalArgumentException for another status
   */
  public static Response redirect(int status, String location) {
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
      throw new IllegalArgumentException("redirect status = " + status
          + ": expected 301, 302, 303, 307 or 308");
    }
    Response r = new Response(status);
    r.headers.set("Location", Objects.requireNonNull(location, "location"));
    return r;
  }

  // ---- changing ------------------------------------------------------------------------------

  /** Sets the status. */
  public Response status(int code) {
    this.status = checkStatus(code);
    return this;
  }

  /** Sets header {@code name} to {@code value}, replacing any of that name. */
  public Response header(String name, String value) {
    headers.set(name, value);
    return this;
  }

  /** Adds a {@code Set-Cookie} header for {@code cookie}. */
  public Response cookie(Cookie cookie) {
    headers.add("Set-Cookie", cookie.toHeaderValue());
    return this;
  }

  /** Replaces the body with {@code bytes} of {@code contentType}. */
  public Response body(byte[] bytes, String contentType) {
    this.body = Body.of(bytes);
    headers.set("Content-Type", contentType);
    return this;
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The status code. */
  public int status() {
    return status;
  }

  /** The headers, writable until the response is returned. */
  public Headers headers() {
    return headers;
  }

  /** The first value of header {@code name} (any case), or {@code null}. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The body. */
  public Body body() {
    return body;
  }

  /**
   * The body's bytes when it is held in memory (every factory but {@link #stream}), else {@code
   * null}: for tests, and for the server's fast path.
   */
  public byte[] bodyBytes() {
    return Bodies.bytesOf(body);
  }

  /** The in-memory body as UTF-8 text, {@code null} for a streamed one: for tests. */
  public String bodyString() {
    byte[] b = bodyBytes();
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static int checkStatus(int code) {
    if (code < 100 || code > 999) {
      throw new IllegalArgumentException("status = " + code + ": expected 100 to 999");
    }
    return code;
  }

  @Override
  public String toString() {
    return status + " " + Status.reason(status);
  }
}
