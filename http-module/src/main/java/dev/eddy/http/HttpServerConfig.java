package dev.eddy.http;

import static dev.eddy.config.Settings.requireArg;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.Settings;
import dev.eddy.net.ServerConfig;
import java.time.Duration;

/**
 * The settings of an HTTP server, read from {@code eddy.http.server} (see {@code reference.conf}
 * of {@code eddy-http} for each key's meaning and default) plus the TCP settings of {@code
 * eddy.net} ({@link #tcp()}). Immutable; the {@code with*} methods return changed copies.
 *
 * @param maxRequestLine bytes of the request line; past it 414
 * @param maxHeaderBytes bytes of the header section; past it 431
 * @param maxHeaders header fields per request; past it 431
 * @param maxBodySize bytes of a request body; past it 413
 * @param headerReadTimeout the most a request head may take from its first byte to its last
 * @param idleTimeout the most a keep-alive connection may wait for its next request
 * @param serverHeader the {@code Server} field of every response; empty for none
 * @param maxPipelined requests parsed ahead of their responses per connection
 * @param bodyBuffer request body bytes buffered ahead of the handler
 * @param shutdownTimeout the default deadline of {@link Server#shutdown()}
 * @param tcp the listener and connection settings; its {@code maxConnections} is the server's
 * @param bodyReadTimeout the most a request body may pause between bytes (while the server is
 *     reading it); past it 408, or a close if the response already went out
 * @param bodyDiscardTimeout the most time spent skipping the rest of a body whose response was
 *     already sent; past it the connection closes
 * @param maxKeepAliveRequests requests served on one connection, the last answered with {@code
 *     Connection: close}; 0 for no limit
 * @param maxFormFields fields of a form body or a query at most; past it 400
 * @param maxFormSize bytes of a form body at most ({@code Request.bodyForm}); past it 413
 */
public record HttpServerConfig(
    int maxRequestLine,
    int maxHeaderBytes,
    int maxHeaders,
    long maxBodySize,
    Duration headerReadTimeout,
    Duration idleTimeout,
    String serverHeader,
    int maxPipelined,
    int bodyBuffer,
    Duration shutdownTimeout,
    ServerConfig tcp,
    Duration bodyReadTimeout,
    Duration bodyDiscardTimeout,
    int maxKeepAliveRequests,
    int maxFormFields,
    int maxFormSize) {

  /** The settings of this process: {@code reference.conf}, {@code application.conf}, env, props. */
  public static HttpServerConfig load() {
    return from(EddyConfig.load());
  }

  /**
   * Reads and validates {@code eddy.http.server} and {@code eddy.net} from {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key
   */
  public static HttpServerConfig from(Config config) {
    Settings s = new Settings(config, "eddy.http.server");
    Duration day = Duration.ofDays(1);
    ServerConfig tcp = ServerConfig.from(config)
        .withMaxConnections(s.intBetween("max-connections", 1, 10_000_000))
        .withIdleTimeout(Duration.ZERO); // the HTTP layer times its own states
    return new HttpServerConfig(
        s.bytesBetween("max-request-line", 16, 1 << 24),
        s.bytesBetween("max-header-bytes", 2, 1 << 26),
        s.intBetween("max-headers", 1, 100_000),
        s.bytesBetweenLong("max-body-size", 0, Long.MAX_VALUE / 16),
        s.durationBetween("header-read-timeout", Duration.ofMillis(1), day),
        s.durationBetween("idle-timeout", Duration.ofMillis(1), day),
        config.getString("eddy.http.server.server-header"),
        s.intBetween("max-pipelined", 1, 1 << 20),
        s.bytesBetween("body-buffer", 1, 1 << 30),
        s.durationBetween("shutdown-timeout", Duration.ZERO, day),
        tcp,
        s.durationBetween("body-read-timeout", Duration.ofMillis(1), day),
        s.durationBetween("body-discard-timeout", Duration.ofMillis(1), day),
        s.intBetween("max-keep-alive-requests", 0, Integer.MAX_VALUE),
        s.intBetween("max-form-fields", 1, 10_000_000),
        s.bytesBetween("max-form-size", 1, 1 << 30));
  }

  /** Checks the invariants that the config reader checks, for values set in code. */
  public HttpServerConfig {
    requireArg(maxRequestLine >= 16, "maxRequestLine", maxRequestLine, "at least 16");
    requireArg(maxHeaderBytes >= 2, "maxHeaderBytes", maxHeaderBytes, "at least 2");
    requireArg(maxHeaders >= 1, "maxHeaders", maxHeaders, "at least 1");
    requireArg(maxBodySize >= 0, "maxBodySize", maxBodySize, "at least 0");
    requireArg(positive(headerReadTimeout), "headerReadTimeout", headerReadTimeout, "positive");
    requireArg(positive(idleTimeout), "idleTimeout", idleTimeout, "positive");
    requireArg(serverHeader != null, "serverHeader", serverHeader, "a value, or empty for none");
    requireArg(maxPipelined >= 1, "maxPipelined", maxPipelined, "at least 1");
    requireArg(bodyBuffer >= 1, "bodyBuffer", bodyBuffer, "at least 1");
    requireArg(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdownTimeout",
        shutdownTimeout, "zero or positive");
    requireArg(tcp != null, "tcp", tcp, "not null");
    requireArg(positive(bodyReadTimeout), "bodyReadTimeout", bodyReadTimeout, "positive");
    requireArg(positive(bodyDiscardTimeout), "bodyDiscardTimeout", bodyDiscardTimeout,
        "positive");
    requireArg(maxKeepAliveRequests >= 0, "maxKeepAliveRequests", maxKeepAliveRequests,
        "0 (no limit) or more");
    requireArg(maxFormFields >= 1, "maxFormFields", maxFormFields, "at least 1");
    requireArg(maxFormSize >= 1, "maxFormSize", maxFormSize, "at least 1");
  }

  /** A copy with another body limit. */
  public HttpServerConfig withMaxBodySize(long bytes) {
    return new HttpServerConfig(maxRequestLine, maxHeaderBytes, maxHeaders, bytes,
        headerReadTimeout, idleTimeout, serverHeader, maxPipelined, bodyBuffer, shutdownTimeout,
        tcp, bodyReadTimeout, bodyDiscardTimeout,
        maxKeepAliveRequests, maxFormFields, maxFormSize);
  }

  /** A copy with other time limits for a request head and for an idle connection. */
  public HttpServerConfig withTimeouts(Duration headerRead, Duration idle) {
    return new HttpServerConfig(maxRequestLine, maxHeaderBytes, maxHeaders, maxBodySize,
        headerRead, idle, serverHeader, maxPipelined, bodyBuffer, shutdownTimeout, tcp,
        bodyReadTimeout, bodyDiscardTimeout,
        maxKeepAliveRequests, maxFormFields, maxFormSize);
  }

  /** A copy with other head limits. */
  public HttpServerConfig withHeadLimits(int requestLine, int headerBytes, int headers) {
    return new HttpServerConfig(requestLine, headerBytes, headers, maxBodySize,
        headerReadTimeout, idleTimeout, serverHeader, maxPipelined, bodyBuffer, shutdownTimeout,
        tcp, bodyReadTimeout, bodyDiscardTimeout,
        maxKeepAliveRequests, maxFormFields, maxFormSize);
  }

  /** A copy with other TCP settings. */
  public HttpServerConfig withTcp(ServerConfig settings) {
    return new HttpServerConfig(maxRequestLine, maxHeaderBytes, maxHeaders, maxBodySize,
        headerReadTimeout, idleTimeout, serverHeader, maxPipelined, bodyBuffer, shutdownTimeout,
        settings, bodyReadTimeout, bodyDiscardTimeout,
        maxKeepAliveRequests, maxFormFields, maxFormSize);
  }

  /**
   * A copy with other request-body time limits: the longest pause between body bytes, and the
   * longest time spent discarding a body whose response was already sent.
   */
  public HttpServerConfig withBodyTimeouts(Duration bodyRead, Duration bodyDiscard) {
    return new HttpServerConfig(maxRequestLine, maxHeaderBytes, maxHeaders, maxBodySize,
        headerReadTimeout, idleTimeout, serverHeader, maxPipelined, bodyBuffer, shutdownTimeout,
        tcp, bodyRead, bodyDiscard, maxKeepAliveRequests, maxFormFields, maxFormSize);
  }

  /** A copy with another limit of requests per connection (0 for none). */
  public HttpServerConfig withMaxKeepAliveRequests(int requests) {
    return new HttpServerConfig(maxRequestLine, maxHeaderBytes, maxHeaders, maxBodySize,
        headerReadTimeout, idleTimeout, serverHeader, maxPipelined, bodyBuffer, shutdownTimeout,
        tcp, bodyReadTimeout, bodyDiscardTimeout, requests, maxFormFields, maxFormSize);
  }

  /** A copy with other limits for form bodies and queries. */
  public HttpServerConfig withFormLimits(int fields, int bytes) {
    return new HttpServerConfig(maxRequestLine, maxHeaderBytes, maxHeaders, maxBodySize,
        headerReadTimeout, idleTimeout, serverHeader, maxPipelined, bodyBuffer, shutdownTimeout,
        tcp, bodyReadTimeout, bodyDiscardTimeout, maxKeepAliveRequests, fields, bytes);
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

}
