package dev.eddy.http.middleware;

import dev.eddy.http.Middleware;
import dev.eddy.http.Request;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The id of one request, for correlating log lines across services: a request extension set by
 * the {@link #create()} middleware and read with {@code req.extension(RequestId.class)} or {@link
 * #of(Request)}.
 *
 * <pre>{@code
 * app.with(RequestId.create());
 * app.at("/").get(req -> "your request is " + RequestId.of(req));
 * }</pre>
 *
 * <p>The middleware takes the client's {@value #HEADER} when it is a safe token (1 to {@value
 * #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ -}: a proxy in front usually sets one), and
 * otherwise makes up 16 random hex digits; it sends the id back in the same header of the
 * response. An unsafe incoming value (too long, other characters: a log-injection attempt, say) is
 * replaced, never echoed.
 *
 * <p><b>The SLF4J MDC.</b> The MDC is per thread, and a request's steps may run on several
 * threads (a stage completed by a timer, an actor or {@code spawnBlocking} continues elsewhere),
 * so this middleware does not put the id in the MDC: an entry left on a worker would be stamped on
 * the next request's lines. Put it there around each synchronous step that logs:
 *
 * <pre>{@code
 * try (var mdc = MDC.putCloseable(RequestId.MDC_KEY, RequestId.of(req))) {
 *   log.info("charging {}", order);
 * }
 * }</pre>
 *
 * <p>{@link Logging} adds the id to its request lines by itself when this middleware runs before
 * it.
 *
 * @param value the id: a non-empty safe token
 */
public record RequestId(String value) {

  /** The header the id is read from and written to. */
  public static final String HEADER = "X-Request-Id";
  /** Longest incoming id accepted; a longer one is replaced. */
  public static final int MAX_LENGTH = 128;
  /** The MDC key the documentation's snippet uses; any key works. */
  public static final String MDC_KEY = "requestId";

  /** @throws IllegalArgumentException if {@code value} is not a safe token */
  public RequestId {
    Objects.requireNonNull(value, "value");
    if (!isSafe(value)) {
      throw new IllegalArgumentException("request id '" + value + "': expected 1 to "
          + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ -");
    }
  }

  /** A middleware that gives every request an id in header {@value #HEADER}. */
  public static <S> Middleware<S> create() {
    return create(HEADER);
  }

  /**
   * A middleware that gives every request an id, read from and written to {@code header} (for
   * example {@code X-Correlation-Id}).
   */
  public static <S> Middleware<S> create(String header) {
    Objects.requireNonNull(header, "header");
    return (req, next) -> {
      String incoming = req.header(header);
      RequestId id = new RequestId(incoming != null && isSafe(incoming) ? incoming : generate());
      req.setExtension(RequestId.class, id);
      return next.run(req).thenApply(res -> res.header(header, id.value));
    };
  }

  /** The id of {@code req}, or {@code null} if no {@code RequestId} middleware ran before. */
  public static String of(Request<?> req) {
    RequestId id = req.extension(RequestId.class);
    return id == null ? null : id.value;
  }

  /** Whether {@code s} may be used as an id as is. */
  public static boolean isSafe(String s) {
    int n = s.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * 64 random bits as 16 hex digits: unique enough to correlate logs, and ThreadLocalRandom has no
   * shared state for the workers to contend on. Not a secret: do not use it as a token.
   */
  private static String generate() {
    String hex = Long.toHexString(ThreadLocalRandom.current().nextLong());
    return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
  }

  @Override
  public String toString() {
    return value;
  }
}
