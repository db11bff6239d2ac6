package dev.eddy.samples.client;

import dev.eddy.http.Server;
import dev.eddy.http.client.Client;
import dev.eddy.samples.hello.Hello;
import java.util.List;

/**
 * Calls the hello service with Eddy's HTTP client: {@code java -jar eddy-sample-client.jar [URL]}.
 * Without a URL it starts the hello app in this process on a free port and calls that; with one
 * (e.g. {@code http://127.0.0.1:8080}) it calls a running hello service.
 */
public final class ClientSample {

  private ClientSample() {}

  /** Prints what {@link #run} returns. */
  public static void main(String[] args) throws Exception {
    Server server = null;
    String base;
    if (args.length > 0) {
      base = args[0];
    } else {
      server = Hello.app().listen("127.0.0.1:0").toCompletableFuture().join();
      base = "http://127.0.0.1:" + server.localAddress().getPort();
    }
    try {
      run(base).forEach(System.out::println);
    } finally {
      if (server != null) {
        server.shutdown().toCompletableFuture().join();
      }
    }
  }

  /** Three calls to the hello service at {@code base}, one line of output each. */
  public static List<String> run(String base) {
    try (Client client = Client.builder().baseUrl(base).build()) {
      String text = client.get("/plaintext").recvString().toCompletableFuture().join();
      Hello.Message json = client.get("/json").recvJson(Hello.Message.class)
          .toCompletableFuture().join();
      String echo = client.post("/echo").body("ping").recvString().toCompletableFuture().join();
      return List.of("GET /plaintext -> " + text, "GET /json -> " + json,
          "POST /echo ping -> " + echo);
    }
  }
}
