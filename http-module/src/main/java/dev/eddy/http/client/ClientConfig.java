package dev.eddy.http.client;

import static dev.eddy.config.Settings.requireArg;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.Settings;
import java.time.Duration;

/**
 * The settings of an HTTP {@link Client}, read from {@code eddy.http.client} (see {@code
 * reference.conf} of {@code eddy-http} for each key's meaning and default). Immutable; the {@code
 * with*} methods return changed copies. {@link Duration#ZERO} means "no limit" for the read and
 * request and call timeouts.
 *
 * @param maxStatusLine bytes of a status line (and of a chunk-size line)
 * @param maxHeaderBytes bytes of a response header section
 * @param maxHeaders header fields per response
 * @param maxBodySize bytes a whole-body read ({@code bodyBytes}, {@code recvString}...) buffers
 * @param connectTimeout limit of opening a connection
 * @param readTimeout limit of each read from the server
 * @param requestTimeout limit of a request until its response head
 * @param maxConnectionsPerHost open connections per host:port
 * @param maxWaitersPerHost requests waiting for a connection per host:port
 * @param idleTimeout how long a pooled connection may stay idle
 * @param maxRedirects redirects followed per request; 0 to follow none
 * @param bufferSize bytes read from the socket at a time per connection
 * @param expectContinueTimeout the wait for {@code 100 Continue} before sending the body anyway
 * @param userAgent the {@code User-Agent} of every request; empty for none
 * @param callTimeout limit of a whole call, from send until the body was read to its end or
 *     closed; zero for none
 * @param maxInterimResponses interim (1xx) responses skipped before the final one at most
 * @param maxWaiters requests waiting for a connection, all hosts together
 */
public record ClientConfig(
    int maxStatusLine,
    int maxHeaderBytes,
    int maxHeaders,
    long maxBodySize,
    Duration connectTimeout,
    Duration readTimeout,
    Duration requestTimeout,
    int maxConnectionsPerHost,
    int maxWaitersPerHost,
    Duration idleTimeout,
    int maxRedirects,
    int bufferSize,
    Duration expectContinueTimeout,
    String userAgent,
    Duration callTimeout,
    int maxInterimResponses,
    int maxWaiters) {

  /** The settings of this process: {@code reference.conf}, {@code application.conf}, env, props. */
  public static ClientConfig load() {
    return from(EddyConfig.load());
  }

  /**
   * Reads and validates {@code eddy.http.client} from {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key
   */
  public static ClientConfig from(Config config) {
    Settings s = new Settings(config, "eddy.http.client");
    Duration day = Duration.ofDays(1);
    return new ClientConfig(
        s.bytesBetween("max-status-line", 16, 1 << 24),
        s.bytesBetween("max-header-bytes", 2, 1 << 26),
        s.intBetween("max-headers", 1, 100_000),
        s.bytesBetweenLong("max-body-size", 0, Long.MAX_VALUE / 16),
        s.durationBetween("connect-timeout", Duration.ofMillis(1), day),
        s.durationBetween("read-timeout", Duration.ZERO, day),
        s.durationBetween("request-timeout", Duration.ZERO, day),
        s.intBetween("max-connections-per-host", 1, 1_000_000),
        s.intBetween("max-waiters-per-host", 0, 10_000_000),
        s.durationBetween("idle-timeout", Duration.ofMillis(1), day),
        s.intBetween("max-redirects", 0, 100),
        s.bytesBetween("buffer-size", 256, 1 << 26),
        s.durationBetween("expect-continue-timeout", Duration.ZERO, day),
        config.getString("eddy.http.client.user-agent"),
        s.durationBetween("call-timeout", Duration.ZERO, day),
        s.intBetween("max-interim-responses", 0, 1000),
        s.intBetween("max-waiters", 0, 100_000_000));
  }

  /** Checks the invariants that the config reader checks, for values set in code. */
  public ClientConfig {
    requireArg(maxStatusLine >= 16, "maxStatusLine", maxStatusLine, "at least 16");
    requireArg(maxHeaderBytes >= 2, "maxHeaderBytes", maxHeaderBytes, "at least 2");
    requireArg(maxHeaders >= 1, "maxHeaders", maxHeaders, "at least 1");
    requireArg(maxBodySize >= 0, "maxBodySize", maxBodySize, "at least 0");
    requireArg(positive(connectTimeout), "connectTimeout", connectTimeout, "positive");
    requireArg(notNegative(readTimeout), "readTimeout", readTimeout, "zero (none) or positive");
    requireArg(notNegative(requestTimeout), "requestTimeout", requestTimeout,
        "zero (none) or positive");
    requireArg(maxConnectionsPerHost >= 1, "maxConnectionsPerHost", maxConnectionsPerHost,
        "at least 1");
    requireArg(maxWaitersPerHost >= 0, "maxWaitersPerHost", maxWaitersPerHost, "at least 0");
    requireArg(positive(idleTimeout), "idleTimeout", idleTimeout, "positive");
    requireArg(maxRedirects >= 0, "maxRedirects", maxRedirects, "at least 0");
    requireArg(bufferSize >= 256, "bufferSize", bufferSize, "at least 256");
    requireArg(notNegative(expectContinueTimeout), "expectContinueTimeout", expectContinueTimeout,
        "zero or positive");
    requireArg(userAgent != null, "userAgent", userAgent, "a value, or empty for none");
    requireArg(notNegative(callTimeout), "callTimeout", callTimeout, "zero (none) or positive");
    requireArg(maxInterimResponses >= 0 && maxInterimResponses <= 1000, "maxInterimResponses",
        maxInterimResponses, "0 to 1000");
    requireArg(maxWaiters >= 0, "maxWaiters", maxWaiters, "at least 0");
  }

  /** A copy with other connect, read and request limits ({@link Duration#ZERO}: none, for the
   * last two). */
  public ClientConfig withTimeouts(Duration connect, Duration read, Duration request) {
    return new ClientConfig(maxStatusLine, maxHeaderBytes, maxHeaders, maxBodySize, connect,
        read, request, maxConnectionsPerHost, maxWaitersPerHost, idleTimeout, maxRedirects,
        bufferSize, expectContinueTimeout, userAgent,
        callTimeout, maxInterimResponses, maxWaiters);
  }

  /** A copy with other pool limits. */
  public ClientConfig withPool(int connectionsPerHost, int waitersPerHost, Duration idle) {
    return new ClientConfig(maxStatusLine, maxHeaderBytes, maxHeaders, maxBodySize,
        connectTimeout, readTimeout, requestTimeout, connectionsPerHost, waitersPerHost, idle,
        maxRedirects, bufferSize, expectContinueTimeout, userAgent,
        callTimeout, maxInterimResponses, maxWaiters);
  }

  /** A copy following at most {@code redirects} redirects (0: none). */
  public ClientConfig withMaxRedirects(int redirects) {
    return new ClientConfig(maxStatusLine, maxHeaderBytes, maxHeaders, maxBodySize,
        connectTimeout, readTimeout, requestTimeout, maxConnectionsPerHost, maxWaitersPerHost,
        idleTimeout, redirects, bufferSize, expectContinueTimeout, userAgent,
        callTimeout, maxInterimResponses, maxWaiters);
  }

  /** A copy with other response limits. */
  public ClientConfig withResponseLimits(int statusLine, int headerBytes, int headers,
      long bodySize) {
    return new ClientConfig(statusLine, headerBytes, headers, bodySize, connectTimeout,
        readTimeout, requestTimeout, maxConnectionsPerHost, maxWaitersPerHost, idleTimeout,
        maxRedirects, bufferSize, expectContinueTimeout, userAgent,
        callTimeout, maxInterimResponses, maxWaiters);
  }

  /** A copy with another socket read size. */
  public ClientConfig withBufferSize(int bytes) {
    return new ClientConfig(maxStatusLine, maxHeaderBytes, maxHeaders, maxBodySize,
        connectTimeout, readTimeout, requestTimeout, maxConnectionsPerHost, maxWaitersPerHost,
        idleTimeout, maxRedirects, bytes, expectContinueTimeout, userAgent,
        callTimeout, maxInterimResponses, maxWaiters);
  }

  /** A copy with another {@code User-Agent} (empty: none). */
  public ClientConfig withUserAgent(String agent) {
    return new ClientConfig(maxStatusLine, maxHeaderBytes, maxHeaders, maxBodySize,
        connectTimeout, readTimeout, requestTimeout, maxConnectionsPerHost, maxWaitersPerHost,
        idleTimeout, maxRedirects, bufferSize, expectContinueTimeout, agent, callTimeout,
        maxInterimResponses, maxWaiters);
  }

  /**
   * A copy with another limit of a whole call, body included ({@link Duration#ZERO}: none).
   */
  public ClientConfig withCallTimeout(Duration limit) {
    return new ClientConfig(maxStatusLine, maxHeaderBytes, maxHeaders, maxBodySize,
        connectTimeout, readTimeout, requestTimeout, maxConnectionsPerHost, maxWaitersPerHost,
        idleTimeout, maxRedirects, bufferSize, expectContinueTimeout, userAgent, limit,
        maxInterimResponses, maxWaiters);
  }

  /** A copy skipping at most {@code responses} interim (1xx) responses per request. */
  public ClientConfig withMaxInterimResponses(int responses) {
    return new ClientConfig(maxStatusLine, maxHeaderBytes, maxHeaders, maxBodySize,
        connectTimeout, readTimeout, requestTimeout, maxConnectionsPerHost, maxWaitersPerHost,
        idleTimeout, maxRedirects, bufferSize, expectContinueTimeout, userAgent, callTimeout,
        responses, maxWaiters);
  }

  /** A copy letting at most {@code waiters} requests wait for a connection, all hosts together. */
  public ClientConfig withMaxWaiters(int waiters) {
    return new ClientConfig(maxStatusLine, maxHeaderBytes, maxHeaders, maxBodySize,
        connectTimeout, readTimeout, requestTimeout, maxConnectionsPerHost, maxWaitersPerHost,
        idleTimeout, maxRedirects, bufferSize, expectContinueTimeout, userAgent, callTimeout,
        maxInterimResponses, waiters);
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static boolean notNegative(Duration d) {
    return d != null && !d.isNegative();
  }

}
