package dev.eddy.net.internal;

import dev.eddy.net.NetConfig;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** The socket options every new stream gets, accepted or connected. Static, any thread. */
public final class Sockets {

  private Sockets() {}

  /** Makes {@code ch} non-blocking and applies {@code config}'s stream options. */
  public static void configure(SocketChannel ch, NetConfig config) throws IOException {
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, config.tcpNoDelay());
    if (config.receiveBufferSize() > 0) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferSize());
    }
    if (config.sendBufferSize() > 0) {
      ch.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
    }
  }
}
