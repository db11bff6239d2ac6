package dev.eddy.benchmarks;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import dev.eddy.http.App;
import dev.eddy.http.HttpServerConfig;
import dev.eddy.http.Server;
import dev.eddy.http.client.Client;
import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Requests per second of Eddy's HTTP client against the JDK's {@link HttpClient} (HTTP/1.1), in
 * one run, on the same server: sequential GETs (one in flight) and 64 concurrent GETs (64
 * in flight, each client allowed 64 connections), of {@code GET /plaintext} ({@code Hello,
 * World!}, as the hello sample answers).
 *
 * <pre>{@code
 * java -cp benchmarks/target/eddy-benchmarks.jar dev.eddy.benchmarks.HttpClientBench [SECS] [URL]
 * }</pre>
 *
 * <p>Without a URL it serves the hello sample's {@code /plaintext} route from a server in this
 * process, on a runtime of its own (one worker), so client and server share the machine as they
 * would with a separate process; with a URL (e.g. {@code http://127.0.0.1:8080}, the hello jar
 * started separately) it calls that. Each case warms up for half its time (3 s at least), then
 * counts completed 200 responses whose body was read. A harness rather than JMH: the unit of work is a
 * network round trip driven by callbacks, which JMH's per-thread loop does not model.
 */
public final class HttpClientBench {

  private static final int CONCURRENCY = 64;

  private HttpClientBench() {}

  /** Runs every case and prints a table. */
  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
    Runtime serverRuntime = null;
    Server server = null;
    String base;
    if (args.length > 1) {
      base = args[1];
    } else {
      serverRuntime = Runtime.builder().workers(1).threadNamePrefix("bench-server-").build();
      App<Void> app = App.create();
      app.at("/plaintext").get(req -> "Hello, World!");
      server = app.listen(serverRuntime, new InetSocketAddress("127.0.0.1", 0),
              HttpServerConfig.from(EddyConfig.load(ConfigFactory.empty())))
          .toCompletableFuture().join();
      base = "http://127.0.0.1:" + server.localAddress().getPort();
    }
    String url = base + "/plaintext";
    Runtime clientRuntime = Runtime.builder().workers(1).threadNamePrefix("bench-client-")
        .build();
    Client eddy = Client.builder().runtime(clientRuntime).pool(CONCURRENCY, 10_000,
        Duration.ofSeconds(60)).build();
    HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest jdkRequest = HttpRequest.newBuilder(URI.create(url)).GET().build();
    Supplier<CompletionStage<Boolean>> eddyGet = () -> eddy.get(url).send()
        .thenCompose(r -> r.bodyBytes().thenApply(b -> r.status() == 200));
    Supplier<CompletionStage<Boolean>> jdkGet = () -> jdk.sendAsync(jdkRequest,
        HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> r.statusCode() == 200);

    System.out.printf("GET %s, %d s per case (after %d s warm-up), client and server on one "
        + "worker each%n", url, seconds, warmUp(seconds));
    System.out.printf("%-22s %14s %14s %8s%n", "case", "Eddy req/s", "JDK req/s", "ratio");
    for (int inFlight : new int[] {1, CONCURRENCY}) {
      double e = measure(eddyGet, inFlight, seconds);
      double j = measure(jdkGet, inFlight, seconds);
      System.out.printf("%-22s %14.0f %14.0f %7.2fx%n",
          inFlight == 1 ? "sequential" : inFlight + " concurrent", e, j, e / j);
    }
    eddy.close();
    clientRuntime.close();
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5)).toCompletableFuture().join();
      serverRuntime.close();
    }
    System.exit(0); // the JDK client's selector thread is not a daemon on every JDK
  }

  /** Completed requests per second with {@code inFlight} loops, after a warm-up. */
  private static double measure(Supplier<CompletionStage<Boolean>> get, int inFlight,
      long seconds) throws Exception {
    run(get, inFlight, warmUp(seconds) * 1000);
    return run(get, inFlight, seconds * 1000) / (double) seconds;
  }

  /** The JDK client needs seconds of JIT before it reaches its speed; so warm both up alike. */
  private static long warmUp(long seconds) {
    return Math.max(3, seconds / 2);
  }

  private static long run(Supplier<CompletionStage<Boolean>> get, int inFlight, long millis)
      throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<?>[] loops = new CompletableFuture<?>[inFlight];
    for (int i = 0; i < inFlight; i++) {
      CompletableFuture<Void> loop = new CompletableFuture<>();
      next(get, done, stop, loop);
      loops[i] = loop;
    }
    Thread.sleep(millis); // the measurement window, on the main thread only
    stop.set(true);
    CompletableFuture.allOf(loops).get();
    return done.get();
  }

  private static void next(Supplier<CompletionStage<Boolean>> get, AtomicLong done,
      AtomicBoolean stop, CompletableFuture<Void> loop) {
    if (stop.get()) {
      loop.complete(null);
      return;
    }
    get.get().whenComplete((ok, failure) -> {
      if (failure != null) {
        loop.completeExceptionally(failure);
        return;
      }
      if (ok) {
        done.incrementAndGet();
      }
      next(get, done, stop, loop);
    });
  }
}
