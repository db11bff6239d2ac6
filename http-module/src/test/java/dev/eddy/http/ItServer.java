package dev.eddy.http;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A runtime and a server on a loopback port for one IT; closing stops both. */
final class ItServer implements AutoCloseable {

  final Runtime runtime;
  final Server server;

  /** The reference settings with what the test changes. */
  static HttpServerConfig config(UnaryOperator<HttpServerConfig> change) {
    return change.apply(HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty())));
  }

  ItServer(App<?> app, HttpServerConfig config) throws Exception {
    runtime = Runtime.builder().workers(2).build();
    try {
      server = app.listen(runtime, new InetSocketAddress("127.0.0.1", 0), config)
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      runtime.close();
      throw e;
    }
  }

  int port() {
    return server.localAddress().getPort();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  RawClient connect() throws java.io.IOException {
    return new RawClient(port());
  }

  @Override
  public void close() {
    server.close();
    runtime.close();
  }
}
