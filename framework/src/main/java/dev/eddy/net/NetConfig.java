package dev.eddy.net;

import static dev.eddy.config.Settings.requireArg;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.Settings;
import java.time.Duration;

/**
 * The settings of TCP listeners and streams, read from {@code eddy.net} (see the framework's
 * {@code reference.conf} for each key's meaning and default). Immutable; the {@code with*}
 * methods return changed copies.
 *
 * @param backlog pending connections the OS queues for a listener, at least 1
 * @param tcpNoDelay whether new streams disable Nagle's algorithm ({@code TCP_NODELAY})
 * @param soReuseAddr whether listeners set {@code SO_REUSEADDR}
 * @param receiveBufferSize {@code SO_RCVBUF} of new streams in bytes, 0 for the OS default
 * @param sendBufferSize {@code SO_SNDBUF} of new streams in bytes, 0 for the OS default
 * @param connectTimeout limit of {@link TcpStream#connect}, {@link Duration#ZERO} for none
 * @param readTimeout limit of each read of a new stream, {@link Duration#ZERO} for none
 * @param writeTimeout limit of each write of a new stream, {@link Duration#ZERO} for none
 */
public record NetConfig(
    int backlog,
    boolean tcpNoDelay,
    boolean soReuseAddr,
    int receiveBufferSize,
    int sendBufferSize,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout) {

  /** The settings of this process: {@code reference.conf}, {@code application.conf}, env, props. */
  public static NetConfig load() {
    return from(EddyConfig.load());
  }

  /**
   * Reads and validates {@code eddy.net} from {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key
   */
  public static NetConfig from(Config config) {
    Settings s = new Settings(config, "eddy.net");
    Duration day = Duration.ofDays(1);
    return new NetConfig(
        s.intBetween("backlog", 1, 1_000_000),
        s.bool("tcp-nodelay"),
        s.bool("so-reuseaddr"),
        s.intBetween("receive-buffer-size", 0, 1 << 30),
        s.intBetween("send-buffer-size", 0, 1 << 30),
        s.durationBetween("connect-timeout", Duration.ZERO, day),
        s.durationBetween("read-timeout", Duration.ZERO, day),
        s.durationBetween("write-timeout", Duration.ZERO, day));
  }

  /** Checks the invariants that the config reader checks, for values set in code. */
  public NetConfig {
    requireArg(backlog >= 1, "backlog", backlog, "at least 1");
    requireArg(receiveBufferSize >= 0, "receiveBufferSize", receiveBufferSize, "at least 0");
    requireArg(sendBufferSize >= 0, "sendBufferSize", sendBufferSize, "at least 0");
    requireArg(connectTimeout != null && !connectTimeout.isNegative(), "connectTimeout",
        connectTimeout, "not negative");
    requireArg(readTimeout != null && !readTimeout.isNegative(), "readTimeout", readTimeout,
        "not negative");
    requireArg(writeTimeout != null && !writeTimeout.isNegative(), "writeTimeout", writeTimeout,
        "not negative");
  }

  /** A copy with another connect limit ({@link Duration#ZERO}: none). */
  public NetConfig withConnectTimeout(Duration limit) {
    return new NetConfig(backlog, tcpNoDelay, soReuseAddr, receiveBufferSize, sendBufferSize,
        limit, readTimeout, writeTimeout);
  }

  /** A copy with another per-read limit ({@link Duration#ZERO}: none). */
  public NetConfig withReadTimeout(Duration limit) {
    return new NetConfig(backlog, tcpNoDelay, soReuseAddr, receiveBufferSize, sendBufferSize,
        connectTimeout, limit, writeTimeout);
  }

  /** A copy with another per-write limit ({@link Duration#ZERO}: none). */
  public NetConfig withWriteTimeout(Duration limit) {
    return new NetConfig(backlog, tcpNoDelay, soReuseAddr, receiveBufferSize, sendBufferSize,
        connectTimeout, readTimeout, limit);
  }

  /** A copy with another listener backlog. */
  public NetConfig withBacklog(int pending) {
    return new NetConfig(pending, tcpNoDelay, soReuseAddr, receiveBufferSize, sendBufferSize,
        connectTimeout, readTimeout, writeTimeout);
  }

}
