package dev.eddy.samples.hello;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The service as deployed: the hello sample in a JVM of its own, stopped with SIGTERM while a
 * client that never reads holds responses queued beyond the kernel's buffers. Its shutdown hook
 * runs the graceful shutdown, whose deadline must end the process whatever that client does.
 */
class HelloSigtermTest {

  /** eddy.http.server.shutdown-timeout of the child. */
  private static final int SHUTDOWN_SECONDS = 2;

  @Test
  void sigtermEndsTheProcessWithinTheShutdownTimeoutDespiteAPeerThatNeverReads()
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
        "-Deddy.http.server.shutdown-timeout=" + SHUTDOWN_SECONDS + "s",
        // Small kernel buffers, and no TCP deadline that would end the stuck connection before
        // the shutdown's own deadline does.
        "-Deddy.net.send-buffer-size=8192",
        "-Deddy.net.server.write-timeout=0s", "-Deddy.net.server.close-timeout=0s",
        "-cp", System.getProperty("java.class.path"), Hello.class.getName(), "0")
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          US_ASCII));
      int port = CompletableFuture.supplyAsync(() -> portOf(out)).get(60, SECONDS);
      CompletableFuture.runAsync(() -> drain(out)); // the child's log must not fill the pipe
      try (Socket client = new Socket()) {
        client.setReceiveBufferSize(4096);
        client.setSoTimeout(10_000);
        client.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        client.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(2000)
            .getBytes(ISO_8859_1)); // ~300 KB of responses, never read
        assertThat(client.getInputStream().read()).as("first byte of a response")
            .isEqualTo('H');
        child.destroy(); // SIGTERM
        assertThat(child.waitFor(SHUTDOWN_SECONDS + 10, SECONDS))
            .as("the child exited after SIGTERM, the non-reading client still connected")
            .isTrue();
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(10, SECONDS);
    }
  }

  /** The port from the child's "listening on http://host:port" line. */
  private static int portOf(BufferedReader out) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        int at = line.indexOf("listening on http://");
        if (at >= 0) {
          return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
        }
      }
      throw new AssertionError("the child ended before it listened");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // the child's output is not checked, only kept from blocking it
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
