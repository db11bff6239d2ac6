package dev.eddy.samples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chat as deployed, started on a port that something else holds: it must not hang or print
 * a stack trace, but stop what it started (room, runtime) and exit non-zero with one line that
 * names the address.
 */
class ChatTakenPortTest {

  @Test
  void onATakenPortTheProcessExitsNonZeroWithOneLineNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder launch = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"), Chat.class.getName(),
          String.valueOf(port)).redirectErrorStream(true);
      launch.environment().put("HOST", "127.0.0.1");
      Process child = launch.start();
      try {
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(child));
        assertThat(child.waitFor(60, SECONDS)).as("the child exited, its port being taken")
            .isTrue();
        assertThat(child.exitValue()).as("exit status").isNotZero();
        List<String> lines = output.get(10, SECONDS).lines().collect(Collectors.toList());
        assertThat(lines).as("the child's output").hasSize(1);
        assertThat(lines.get(0)).contains("127.0.0.1:" + port);
      } finally {
        child.destroyForcibly();
        child.waitFor(10, SECONDS);
      }
    }
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
