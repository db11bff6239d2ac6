package dev.eddy.net;

import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pull-style echo server of the tests: bind, {@link TcpListener#incoming} (a task per
 * connection), and per connection read into a 1024-byte buffer and write it all back until the
 * peer shuts its output down.
 */
final class EchoServer implements AutoCloseable {

  final TcpListener listener;
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  /** The accept loop: completes when the listener closes. */
  final CompletionStage<Void> loop;

  private EchoServer(TcpListener listener) {
    this.listener = listener;
    this.loop = listener.incoming(this::serve);
  }

  static EchoServer start(Runtime runtime) throws Exception {
    TcpListener listener = TcpListener.bind(runtime, new InetSocketAddress("127.0.0.1", 0))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    return new EchoServer(listener);
  }

  InetSocketAddress address() {
    return listener.localAddress();
  }

  private CompletionStage<Void> serve(TcpStream stream) {
    accepted.incrementAndGet();
    return echo(stream, ByteBuffer.allocate(1024), new CompletableFuture<>())
        .whenComplete((done, failure) -> closed.incrementAndGet());
  }

  /** Echoes until end of stream (completes {@code done}) or a failure (fails it). */
  static CompletableFuture<Void> echo(TcpStream stream, ByteBuffer buffer,
      CompletableFuture<Void> done) {
    buffer.clear();
    stream.read(buffer).whenComplete((n, failure) -> {
      if (failure != null) {
        done.completeExceptionally(failure);
      } else if (n < 0) {
        done.complete(null);
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

  @Override
  public void close() {
    listener.close();
  }
}
