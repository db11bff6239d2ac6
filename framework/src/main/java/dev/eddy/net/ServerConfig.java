package dev.eddy.net;

import static dev.eddy.config.Settings.requireArg;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.Settings;
import java.time.Duration;

/**
 * The settings of a push-style {@link TcpServer}, read from {@code eddy.net.server} (see the
 * framework's {@code reference.conf} for each key's meaning and default), plus the listener and
 * stream settings of {@code eddy.net} ({@link #net()}). Immutable; the {@code with*} methods
 * return changed copies.
 *
 * @param net backlog and socket options of the listener and its connections
 * @param maxConnections open connections at most; past it the server stops accepting (new peers
 *     wait in the backlog) until one closes
 * @param idleTimeout a connection with no bytes read or written for this long is closed; {@link
 *     Duration#ZERO} for none
 * @param highWaterMark queued outbound bytes above which a connection stops reading and is not
 *     writable
 * @param lowWaterMark queued outbound bytes below which it reads again and is writable
 * @param maxQueuedBytes queued outbound bytes past which a connection is aborted
 * @param bufferSize bytes of each pooled buffer: the most one read hands to {@code onData}, and
 *     the unit the outbound queue grows by
 * @param pooledBuffers buffers each worker keeps for reuse
 * @param writeTimeout a connection with bytes queued whose queue has not shrunk for this long
 *     (a peer that does not read) is aborted; {@link Duration#ZERO} for none
 * @param closeTimeout a graceful close (flush, then linger) not finished after this long is
 *     turned into an abort; {@link Duration#ZERO} for none
 * @param lingerTimeout after a graceful close during which the peer was still sending, the
 *     longest wait, with the output shut down, for the peer's end of stream while its bytes are
 *     read and dropped (so it reads the last reply instead of a reset); {@link Duration#ZERO}:
 *     no lingering
 * @param lingerMaxBytes bytes at most read and dropped while lingering
 * @param maxQueuedActions {@link Connection#execute} actions waiting for the connection's task
 *     past which the connection is aborted
 */
public record ServerConfig(
    NetConfig net,
    int maxConnections,
    Duration idleTimeout,
    int highWaterMark,
    int lowWaterMark,
    long maxQueuedBytes,
    int bufferSize,
    int pooledBuffers,
    Duration writeTimeout,
    Duration closeTimeout,
    Duration lingerTimeout,
    long lingerMaxBytes,
    int maxQueuedActions) {

  /** The settings of this process: {@code reference.conf}, {@code application.conf}, env, props. */
  public static ServerConfig load() {
    return from(EddyConfig.load());
  }

  /**
   * Reads and validates {@code eddy.net} and {@code eddy.net.server} from {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key
   */
  public static ServerConfig from(Config config) {
    Settings s = new Settings(config, "eddy.net.server");
    int high = s.bytesBetween("high-water-mark", 1, 1 << 30);
    return new ServerConfig(
        NetConfig.from(config),
        s.intBetween("max-connections", 1, 10_000_000),
        s.durationBetween("idle-timeout", Duration.ZERO, Duration.ofDays(1)),
        high,
        s.bytesBetween("low-water-mark", 0, high),
        s.bytesBetweenLong("max-queued-bytes", high, 1L << 40),
        s.bytesBetween("buffer-size", 64, 16 << 20),
        s.intBetween("pooled-buffers", 0, 1 << 20),
        s.durationBetween("write-timeout", Duration.ZERO, Duration.ofDays(1)),
        s.durationBetween("close-timeout", Duration.ZERO, Duration.ofDays(1)),
        s.durationBetween("linger-timeout", Duration.ZERO, Duration.ofDays(1)),
        s.bytesBetweenLong("linger-max-bytes", 0, 1L << 40),
        s.intBetween("max-queued-actions", 1, 1 << 30));
  }

  /** Checks the invariants that the config reader checks, for values set in code. */
  public ServerConfig {
    requireArg(net != null, "net", net, "not null");
    requireArg(maxConnections >= 1, "maxConnections", maxConnections, "at least 1");
    requireArg(idleTimeout != null && !idleTimeout.isNegative(), "idleTimeout", idleTimeout,
        "zero (none) or positive");
    requireArg(highWaterMark >= 1, "highWaterMark", highWaterMark, "at least 1");
    requireArg(lowWaterMark >= 0 && lowWaterMark <= highWaterMark, "lowWaterMark", lowWaterMark,
        "between 0 and highWaterMark (" + highWaterMark + ")");
    requireArg(maxQueuedBytes >= highWaterMark, "maxQueuedBytes", maxQueuedBytes,
        "at least highWaterMark (" + highWaterMark + ")");
    requireArg(bufferSize >= 64, "bufferSize", bufferSize, "at least 64");
    requireArg(pooledBuffers >= 0, "pooledBuffers", pooledBuffers, "at least 0");
    requireArg(writeTimeout != null && !writeTimeout.isNegative(), "writeTimeout", writeTimeout,
        "zero (none) or positive");
    requireArg(closeTimeout != null && !closeTimeout.isNegative(), "closeTimeout", closeTimeout,
        "zero (none) or positive");
    requireArg(lingerTimeout != null && !lingerTimeout.isNegative(), "lingerTimeout",
        lingerTimeout, "zero (none) or positive");
    requireArg(lingerMaxBytes >= 0, "lingerMaxBytes", lingerMaxBytes, "at least 0");
    requireArg(maxQueuedActions >= 1, "maxQueuedActions", maxQueuedActions, "at least 1");
  }

  /** A copy with other listener and stream settings. */
  public ServerConfig withNet(NetConfig settings) {
    return new ServerConfig(settings, maxConnections, idleTimeout, highWaterMark, lowWaterMark,
        maxQueuedBytes, bufferSize, pooledBuffers, writeTimeout,
        closeTimeout, lingerTimeout, lingerMaxBytes, maxQueuedActions);
  }

  /** A copy with another connection limit. */
  public ServerConfig withMaxConnections(int limit) {
    return new ServerConfig(net, limit, idleTimeout, highWaterMark, lowWaterMark, maxQueuedBytes,
        bufferSize, pooledBuffers, writeTimeout,
        closeTimeout, lingerTimeout, lingerMaxBytes, maxQueuedActions);
  }

  /** A copy with another idle timeout ({@link Duration#ZERO}: none). */
  public ServerConfig withIdleTimeout(Duration limit) {
    return new ServerConfig(net, maxConnections, limit, highWaterMark, lowWaterMark,
        maxQueuedBytes, bufferSize, pooledBuffers, writeTimeout,
        closeTimeout, lingerTimeout, lingerMaxBytes, maxQueuedActions);
  }

  /** A copy with other water marks; {@code low <= high}. */
  public ServerConfig withWaterMarks(int low, int high) {
    return new ServerConfig(net, maxConnections, idleTimeout, high, low,
        Math.max(maxQueuedBytes, high), bufferSize, pooledBuffers, writeTimeout,
        closeTimeout, lingerTimeout, lingerMaxBytes, maxQueuedActions);
  }

  /** A copy with another abort limit for the outbound queue. */
  public ServerConfig withMaxQueuedBytes(long limit) {
    return new ServerConfig(net, maxConnections, idleTimeout, highWaterMark, lowWaterMark, limit,
        bufferSize, pooledBuffers, writeTimeout,
        closeTimeout, lingerTimeout, lingerMaxBytes, maxQueuedActions);
  }

  /** A copy with another pooled buffer size. */
  public ServerConfig withBufferSize(int bytes) {
    return new ServerConfig(net, maxConnections, idleTimeout, highWaterMark, lowWaterMark,
        maxQueuedBytes, bytes, pooledBuffers, writeTimeout, closeTimeout, lingerTimeout,
        lingerMaxBytes, maxQueuedActions);
  }

  /** A copy with another write (progress) timeout ({@link Duration#ZERO}: none). */
  public ServerConfig withWriteTimeout(Duration limit) {
    return new ServerConfig(net, maxConnections, idleTimeout, highWaterMark, lowWaterMark,
        maxQueuedBytes, bufferSize, pooledBuffers, limit, closeTimeout, lingerTimeout,
        lingerMaxBytes, maxQueuedActions);
  }

  /** A copy with another deadline for a graceful close ({@link Duration#ZERO}: none). */
  public ServerConfig withCloseTimeout(Duration limit) {
    return new ServerConfig(net, maxConnections, idleTimeout, highWaterMark, lowWaterMark,
        maxQueuedBytes, bufferSize, pooledBuffers, writeTimeout, limit, lingerTimeout,
        lingerMaxBytes, maxQueuedActions);
  }

  /** A copy with other lingering limits ({@link Duration#ZERO}: no lingering). */
  public ServerConfig withLinger(Duration limit, long maxBytes) {
    return new ServerConfig(net, maxConnections, idleTimeout, highWaterMark, lowWaterMark,
        maxQueuedBytes, bufferSize, pooledBuffers, writeTimeout, closeTimeout, limit, maxBytes,
        maxQueuedActions);
  }

  /** A copy with another limit of queued {@link Connection#execute} actions. */
  public ServerConfig withMaxQueuedActions(int limit) {
    return new ServerConfig(net, maxConnections, idleTimeout, highWaterMark, lowWaterMark,
        maxQueuedBytes, bufferSize, pooledBuffers, writeTimeout, closeTimeout, lingerTimeout,
        lingerMaxBytes, limit);
  }
}
