package dev.eddy.net;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Many idle clients of an echo server, in a child JVM so that the server's and the clients' file
 * descriptors count against two processes' limits. {@link #hold} starts the child and drives it;
 * the child ({@link #main}) opens {@code COUNT} connections to {@code HOST PORT}, echoes one byte
 * on each, prints {@code READY COUNT}, and holds them open until a line arrives on stdin; then it
 * closes them all and prints {@code CLOSED}. Any failure ends the child with a message on stderr
 * and exit status 1.
 */
public final class IdleClients {

  private IdleClients() {}

  /**
   * Skips the calling test unless this JVM (and so the child, with the same limit) may open
   * {@code count} more sockets; then opens {@code count} connections to {@code server} from a
   * child JVM, each served (one byte echoed), runs {@code whileOpen}, and closes them all.
   */
  static void hold(InetSocketAddress server, int count, EchoClient.ThrowingRunnable whileOpen)
      throws Exception {
    EchoClient.assumeFreeFileDescriptors(count + 500, String.format("%,d idle connections (the "
        + "clients run in a child JVM with the same limit)", count));
    Path classes = Path.of(IdleClients.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classes.toString(),
        IdleClients.class.getName(), server.getHostString(), String.valueOf(server.getPort()),
        String.valueOf(count))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.US_ASCII));
      assertThat(CompletableFuture.supplyAsync(() -> readLine(out)).get(60, SECONDS))
          .as("the child's report (each of its connections echoed one byte)")
          .isEqualTo("READY " + count);
      whileOpen.run();
      child.getOutputStream().write('\n');
      child.getOutputStream().flush();
      assertThat(CompletableFuture.supplyAsync(() -> readLine(out)).get(60, SECONDS))
          .isEqualTo("CLOSED");
      assertThat(child.waitFor(30, SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
    } finally {
      child.destroyForcibly();
    }
  }

  private static String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws IOException {
    InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    int count = Integer.parseInt(args[2]);
    List<SocketChannel> clients = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        clients.add(SocketChannel.open(server));
      }
      ByteBuffer one = ByteBuffer.allocate(1);
      for (int i = 0; i < count; i++) {
        one.clear();
        one.put((byte) i).flip();
        clients.get(i).write(one);
      }
      for (int i = 0; i < count; i++) {
        one.clear();
        if (clients.get(i).read(one) != 1 || one.get(0) != (byte) i) {
          throw new IOException("connection " + i + " did not echo its byte");
        }
      }
      System.out.println("READY " + clients.size());
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
    } catch (IOException | RuntimeException e) {
      System.err.println("IdleClients failed after " + clients.size() + " connections: " + e);
      System.exit(1);
    } finally {
      for (SocketChannel c : clients) {
        c.close();
      }
    }
    System.out.println("CLOSED");
    System.out.flush();
  }
}
