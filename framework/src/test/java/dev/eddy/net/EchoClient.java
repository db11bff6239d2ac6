package dev.eddy.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Blocking {@code java.net} clients of an echo server, shared by the pull-style and push-style
 * tests: the client side is plain JDK code, so a failure points at the server.
 */
final class EchoClient {

  /** How long one blocking read of a test client may wait before the test fails. */
  static final int SO_TIMEOUT_MS = 20_000;

  private EchoClient() {}

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A connected blocking socket with the read timeout of the tests. */
  static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(SO_TIMEOUT_MS);
    socket.connect(address, SO_TIMEOUT_MS);
    return socket;
  }

  /** Reads exactly {@code n} bytes, failing at end of stream. */
  static byte[] readExactly(Socket socket, int n) throws IOException {
    byte[] back = socket.getInputStream().readNBytes(n);
    assertThat(back.length).as("bytes echoed before end of stream").isEqualTo(n);
    return back;
  }

  /** Reads until end of stream. */
  static byte[] readToEnd(Socket socket) throws IOException {
    return socket.getInputStream().readAllBytes();
  }

  /**
   * Writes {@code payload} from a second thread while this one reads the echo back (a server
   * that echoes as it reads would otherwise fill both directions' socket buffers and stall), and
   * checks it byte for byte.
   */
  static void roundTrip(Socket socket, byte[] payload) throws Exception {
    OutputStream out = socket.getOutputStream();
    CompletableFuture<Void> written = new CompletableFuture<>();
    Thread writer = new Thread(() -> {
      try {
        out.write(payload);
        out.flush();
        written.complete(null);
      } catch (IOException | RuntimeException e) {
        written.completeExceptionally(e);
      }
    }, "echo-client-writer");
    writer.start();
    byte[] back = readExactly(socket, payload.length);
    written.get(SO_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    assertThat(Arrays.mismatch(back, payload)).as("first differing byte").isEqualTo(-1);
  }

  /** One small round trip done on this thread (the payload fits in the socket buffers). */
  static void smallRoundTrip(Socket socket, byte[] payload) throws IOException {
    socket.getOutputStream().write(payload);
    assertThat(readExactly(socket, payload.length)).isEqualTo(payload);
  }

  /**
   * Opens {@code clients} connections, so that all are open at once, then makes {@code rounds}
   * round trips of {@code size} bytes on each from a pool of {@code threads} threads; runs {@code
   * whileAllOpen} after the last round trip and before closing them all.
   */
  static void manyClients(InetSocketAddress address, int clients, int rounds, int size,
      int threads, ThrowingRunnable whileAllOpen) throws Exception {
    List<Socket> sockets = new ArrayList<>(clients);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < clients; i++) {
        sockets.add(connect(address));
      }
      List<CompletableFuture<Void>> done = new ArrayList<>(clients);
      for (int i = 0; i < clients; i++) {
        Socket socket = sockets.get(i);
        byte[] payload = randomBytes(size, i);
        done.add(CompletableFuture.runAsync(() -> {
          try {
            for (int r = 0; r < rounds; r++) {
              smallRoundTrip(socket, payload);
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }, pool));
      }
      CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]))
          .get(SO_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      whileAllOpen.run();
    } finally {
      pool.shutdownNow();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /**
   * Skips the calling test, naming the numbers and the fix, unless this JVM may open {@code
   * need} more file descriptors.
   */
  static void assumeFreeFileDescriptors(long need, String what) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    String why = "needs a Unix JVM to count file descriptors";
    Assumptions.assumeTrue(os instanceof UnixOperatingSystemMXBean || failInCi(why), why);
    UnixOperatingSystemMXBean unix = (UnixOperatingSystemMXBean) os;
    long max = unix.getMaxFileDescriptorCount();
    long inUse = unix.getOpenFileDescriptorCount();
    String limit = String.format("%s need %,d free file "
        + "descriptors, but the limit is %,d with %,d in use; raise it with `ulimit -n 32768` "
        + "before the build (the hard limit: /etc/security/limits.conf, or `docker run --ulimit "
        + "nofile=32768`)", what, need, max, inUse);
    Assumptions.assumeTrue(max - inUse >= need || failInCi(limit), limit);
  }

  /** A check that may throw. */
  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * For an assumption's fallback: in CI ({@code CI=true}) a missing capability or component is
   * a failure, never a skip; elsewhere it returns false, so the assumption skips with {@code why}.
   */
  static boolean failInCi(String why) {
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("in CI this must not be skipped: " + why);
    }
    return false;
  }
}
