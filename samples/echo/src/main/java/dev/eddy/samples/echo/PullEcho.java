package dev.eddy.samples.echo;

import dev.eddy.net.TcpListener;
import dev.eddy.net.TcpStream;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo server in pull style, as async-std's and Tokio's echo examples: bind, accept in a loop
 * with a task per connection, and per connection read into a buffer and write it all back until
 * the peer closes.
 */
final class PullEcho {

  private static final Logger log = LoggerFactory.getLogger(PullEcho.class);

  private PullEcho() {}

  /** Binds {@code address} and serves every connection with a buffer of {@code bufferSize}. */
  static CompletionStage<TcpListener> start(Runtime runtime, InetSocketAddress address,
      int bufferSize) {
    return TcpListener.bind(runtime, address).thenApply(listener -> {
      listener.incoming(stream -> serve(stream, bufferSize))   // a task per connection
          .whenComplete((ended, failure) -> {
            if (failure != null) {
              log.error("Stopped accepting on {}", listener.localAddress(), failure);
            }
          });
      return listener;
    });
  }

  private static CompletionStage<Void> serve(TcpStream stream, int bufferSize) {
    InetSocketAddress peer = stream.remoteAddress();
    log.info("Accepted {}", peer);
    ByteBuffer buffer = ByteBuffer.allocate(bufferSize);  // one buffer, reused for every read
    return echo(stream, buffer, new CompletableFuture<>()).whenComplete((done, failure) -> {
      if (failure == null) {
        log.info("Closed {}", peer);
      } else {
        log.info("Closed {}: {}", peer, failure.toString());
      }
    });
  }

  /**
   * One round: read what is there, write all of it back, and go again; {@code done} completes at
   * end of stream, or fails with the connection's error. The next round starts from the
   * completion of this one, so the loop holds no thread while it waits for the peer.
   */
  private static CompletableFuture<Void> echo(TcpStream stream, ByteBuffer buffer,
      CompletableFuture<Void> done) {
    buffer.clear();
    stream.read(buffer).whenComplete((n, readFailure) -> {
      if (readFailure != null) {
        done.completeExceptionally(readFailure);
      } else if (n < 0) {
        done.complete(null);                               // the peer closed: we are done
      } else {
        buffer.flip();
        stream.writeAll(buffer).whenComplete((written, writeFailure) -> {
          if (writeFailure != null) {
            done.completeExceptionally(writeFailure);
          } else {
            echo(stream, buffer, done);
          }
        });
      }
    });
    return done;
  }
}
