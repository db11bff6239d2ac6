package dev.eddy.net;

import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pull-style echo server of the tests: bind, loop accept, and per connection read into a
 * 1024-byte buffer and write it all back until the peer shuts its output down.
 */
final class EchoServer implements AutoCloseable {

  final TcpListener listener;
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();

  private EchoServer(TcpListener listener) {
    this.listener = listener;
  }

  static EchoServer start(Runtime runtime) throws Exception {
    TcpListener listener = TcpListener.bind(runtime, new InetSocketAddress("127.0.0.1", 0))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    EchoServer server = new EchoServer(listener);
    runtime.spawn(() -> server.acceptNext()); // the loop runs on the workers
    return server;
  }

  InetSocketAddress address() {
    return listener.localAddress();
  }

  private void acceptNext() {
    listener.accept().whenComplete((stream, failure) -> {
      if (failure != null) {
        return; // listener closed
      }
      accepted.incrementAndGet();
      echo(stream, ByteBuffer.allocate(1024));
      acceptNext();
    });
  }

  private void echo(TcpStream stream, ByteBuffer buffer) {
    buffer.clear();
    stream.read(buffer).whenComplete((n, failure) -> {
      if (failure != null || n < 0) {
        stream.close();
        closed.incrementAndGet();
        return;
      }
      buffer.flip();
      stream.writeAll(buffer).whenComplete((done, writeFailure) -> {
        if (writeFailure != null) {
          stream.close();
          closed.incrementAndGet();
        } else {
          echo(stream, buffer);
        }
      });
    });
  }

  @Override
  public void close() {
    listener.close();
  }
}
