package dev.eddy.samples.echo;

import dev.eddy.net.Connection;
import dev.eddy.net.ConnectionHandler;
import dev.eddy.net.TcpServer;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo server in push style: the runtime reads each connection and hands the bytes to {@link
 * #onData}, which writes them back. {@link Connection#write} queues what the socket does not take
 * at once and pauses reading while too much is queued, so a peer that does not read cannot make
 * the server buffer without bound.
 */
final class PushEcho implements ConnectionHandler {

  private static final Logger log = LoggerFactory.getLogger(PushEcho.class);

  /** Binds {@code address} and echoes on every connection. */
  static CompletionStage<TcpServer> start(Runtime runtime, InetSocketAddress address) {
    return TcpServer.bind(runtime, address, new PushEcho());
  }

  @Override
  public void onOpen(Connection connection) {
    log.info("Accepted {}", connection.remoteAddress());
  }

  @Override
  public void onData(Connection connection, ByteBuffer data) {
    connection.write(data);
  }

  @Override
  public void onClose(Connection connection, Throwable cause) {
    if (cause == null) {
      log.info("Closed {}", connection.remoteAddress());
    } else {
      log.info("Closed {}: {}", connection.remoteAddress(), cause.toString());
    }
  }
}
