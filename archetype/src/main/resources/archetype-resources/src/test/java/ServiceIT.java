package ${package};

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as it is deployed: {@code target/${artifactId}.jar} in a JVM of its own.
 * Integration tests ({@code *IT}) run with failsafe in {@code mvn verify}, after the jar is made.
 */
class ServiceIT {

  private static final Path JAR = Path.of("target", "${artifactId}.jar");

  @Test
  void theJarStartsAndAnswers() throws Exception {
    Process service = start("0");
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(service.getInputStream(), UTF_8));
      int port = CompletableFuture.supplyAsync(() -> portOf(out)).get(60, SECONDS);
      CompletableFuture.runAsync(() -> drain(out)); // its log must not fill the pipe
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> health = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("UP");
    } finally {
      service.destroy();
      assertThat(service.waitFor(30, SECONDS)).as("stopped by SIGTERM").isTrue();
    }
  }

  @Test
  void onATakenPortItExitsWithOneLineNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Process service = start(String.valueOf(taken.getLocalPort()));
      try {
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(service));
        assertThat(service.waitFor(60, SECONDS)).as("the service exited, its port being taken")
            .isTrue();
        assertThat(service.exitValue()).as("exit status").isNotZero();
        List<String> lines = output.get(10, SECONDS).lines().collect(Collectors.toList());
        assertThat(lines).as("its output").hasSize(1);
        assertThat(lines.get(0)).contains("127.0.0.1:" + taken.getLocalPort());
      } finally {
        service.destroyForcibly();
        service.waitFor(10, SECONDS);
      }
    }
  }

  /** {@code java -jar} of the packaged service on {@code port}, its output merged. */
  private static Process start(String port) throws IOException {
    assertThat(JAR).as("the packaged service (mvn verify makes it)").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder launch = new ProcessBuilder(java, "-jar", JAR.toString(), port)
        .redirectErrorStream(true);
    launch.environment().put("HOST", "127.0.0.1");
    return launch.start();
  }

  /** The port from the service's "Listening on http://host:port" line. */
  private static int portOf(BufferedReader out) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.contains("Listening on http://")) {
          return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
        }
      }
      throw new AssertionError("the service ended before it listened");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // the output is not checked here, only kept from blocking the service
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
