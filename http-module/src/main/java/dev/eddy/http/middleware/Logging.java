package dev.eddy.http.middleware;

import dev.eddy.http.Middleware;
import dev.eddy.http.Next;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.internal.RefusalListener;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request logging: one SLF4J line per request, once its response is ready.
 *
 * <pre>{@code
 * app.with(Logging.requests());
 * // INFO dev.eddy.http.requests - GET /hello/ada 200 0.4ms 127.0.0.1:53144 id=3f2a9c01d4e5b6a7
 * }</pre>
 *
 * <p>The line holds the method, the raw path (as sent, never the query: query strings often carry
 * tokens), the status, the time from this middleware to the response in milliseconds with one
 * decimal, the client's address, and the request id when {@link RequestId} ran first. Statuses
 * from 500 up are logged at WARN, everything else at INFO, on the logger named {@value
 * #LOGGER_NAME}: turn that logger off, or down to WARN, to keep only server errors.
 *
 * <p>Requests the server refused before they reached the middleware (a malformed head, a head
 * over a limit or not complete in time: 400, 408, 414, 431, ...) are logged too, with {@code -}
 * for the method and path that could not be read, and no time.
 *
 * <p>The time is measured until the response object is ready, not until its last byte is on the
 * wire: a streamed body is still being sent when the line is written.
 */
public final class Logging {

  /** The name of the logger every request line goes to. */
  public static final String LOGGER_NAME = "dev.eddy.http.requests";

  private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);
  /** Statuses from here on are the server's failures, worth a WARN. */
  private static final int FIRST_SERVER_ERROR = 500;

  private Logging() {}

  /** A middleware that logs every request it sees, as described above. */
  public static <S> Middleware<S> requests() {
    return new RequestLog<>();
  }

  /** The request log; it also sees the server's refusals ({@link RefusalListener}). */
  private static final class RequestLog<S> implements Middleware<S>, RefusalListener {

    @Override
    public CompletionStage<Response> handle(Request<S> req, Next<S> next) {
      long start = System.nanoTime();
      return next.run(req).thenApply(res -> {
        log(req, res, System.nanoTime() - start);
        return res;
      });
    }

    @Override
    public void refused(Request<?> req, Response res) {
      log(req, res, -1);
    }
  }

  /** Logs the line of {@code req}; {@code nanos} negative when there is no time to tell. */
  private static void log(Request<?> req, Response res, long nanos) {
    boolean failed = res.status() >= FIRST_SERVER_ERROR;
    if (failed ? !log.isWarnEnabled() : !log.isInfoEnabled()) {
      return;
    }
    StringBuilder line = new StringBuilder(96)
        .append(req.method()).append(' ').append(req.rawPath()).append(' ')
        .append(res.status()).append(' ');
    if (nanos < 0) {
      line.append("- ");
    } else {
      // Tenths of a millisecond by integer arithmetic: no String.format on the hot path.
      long tenths = (nanos + 50_000) / 100_000;
      line.append(tenths / 10).append('.').append(tenths % 10).append("ms ");
    }
    appendAddress(line, req.remoteAddress());
    RequestId id = req.extension(RequestId.class);
    if (id != null) {
      line.append(" id=").append(id.value());
    }
    if (failed) {
      log.warn(line.toString());
    } else {
      log.info(line.toString());
    }
  }

  private static void appendAddress(StringBuilder line, InetSocketAddress a) {
    if (a == null) {
      line.append('-');
      return;
    }
    // The literal address, never a reverse DNS lookup.
    line.append(a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString())
        .append(':').append(a.getPort());
  }
}
