package dev.eddy.samples.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.http.Server;
import dev.eddy.samples.hello.Hello;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sample's calls against the hello app on a free port. */
class ClientSampleTest {

  @Test
  void callsTheHelloService() throws Exception {
    Server server = Hello.app().listen("127.0.0.1:0").toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    try {
      assertThat(ClientSample.run("http://127.0.0.1:" + server.localAddress().getPort()))
          .containsExactly("GET /plaintext -> Hello, World!",
              "GET /json -> Message[message=Hello, World!]", "POST /echo ping -> ping");
    } finally {
      server.shutdown(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
