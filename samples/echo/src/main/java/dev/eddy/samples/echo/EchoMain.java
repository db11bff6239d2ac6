package dev.eddy.samples.echo;

import dev.eddy.runtime.Runtime;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The echo server's command line: {@code java -jar eddy-sample-echo.jar [--push]
 * [--buffer-size=BYTES] [PORT]}. Listens on {@code HOST} (default 127.0.0.1) and the port of the
 * first argument, else {@code PORT}, else 8080; pull style by default, push style with {@code
 * --push}. Runs until the process is stopped (Ctrl-C, SIGTERM).
 */
public final class EchoMain {

  /**
   * The pull style's read buffer, one per connection: the 1024 bytes of the async-std and Tokio
   * examples. {@code --buffer-size} changes it.
   */
  static final int DEFAULT_BUFFER_SIZE = 1024;

  /**
   * How long connections still open at shutdown get to finish before they are closed: short, so
   * that Ctrl-C with an idle {@code nc} session attached does not hang.
   */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);

  private EchoMain() {}

  /** Starts the server and returns; the runtime's worker threads keep the process alive. */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: java -jar eddy-sample-echo.jar [--push] [--buffer-size=BYTES] "
          + "[PORT]   (env: HOST, PORT)");
      System.exit(2);
      return;
    }
    Server server;
    try {
      server = start(options);
    } catch (CompletionException e) {
      // start(..) has stopped its runtime; a port in use needs one line, not a stack trace.
      if (!(e.getCause() instanceof BindException)) {
        throw e;
      }
      System.err.println("Echo server could not listen on " + options.host() + ":"
          + options.port() + ": " + e.getCause().getMessage());
      System.exit(1);
      return;
    }
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(server::close, "echo-shutdown"));
    InetSocketAddress bound = server.address();
    System.out.println("Echo server listening on " + bound.getHostString() + ":"
        + bound.getPort());
  }

  /** Starts a runtime and the server {@code options} ask for, and waits until it listens. */
  static Server start(Options options) {
    Runtime runtime = Runtime.create();
    InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
    try {
      if (options.push()) {
        var server = runtime.blockOn(() -> PushEcho.start(runtime, address));
        return new Server(runtime, server, server.localAddress());
      }
      var listener = runtime.blockOn(() -> PullEcho.start(runtime, address,
          options.bufferSize()));
      return new Server(runtime, listener, listener.localAddress());
    } catch (RuntimeException e) {
      runtime.shutdown(SHUTDOWN_GRACE);
      throw e;
    }
  }

  /** A running echo server: its runtime, what listens, and where. */
  record Server(Runtime runtime, AutoCloseable listening, InetSocketAddress address)
      implements AutoCloseable {

    /** Stops accepting, then stops the runtime, closing the connections still open. */
    @Override
    public void close() {
      try {
        listening.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + listening + " failed", e);
      } finally {
        runtime.shutdown(SHUTDOWN_GRACE);
      }
    }
  }

  /** What the command line and the environment ask for. */
  record Options(String host, int port, boolean push, int bufferSize) {

    /**
     * Reads {@code args} and {@code env} ({@code HOST}, {@code PORT}).
     *
     * @throws IllegalArgumentException naming an unknown flag or a bad number
     */
    static Options parse(String[] args, Map<String, String> env) {
      String host = env.getOrDefault("HOST", "127.0.0.1");
      String port = env.getOrDefault("PORT", "8080");
      boolean push = false;
      int bufferSize = DEFAULT_BUFFER_SIZE;
      boolean portGiven = false;
      for (String arg : args) {
        if (arg.equals("--push")) {
          push = true;
        } else if (arg.startsWith("--buffer-size=")) {
          bufferSize = number("--buffer-size", arg.substring("--buffer-size=".length()), 1,
              1 << 24);
        } else if (arg.startsWith("-")) {
          throw new IllegalArgumentException("unknown option " + arg);
        } else if (!portGiven) {
          port = arg;
          portGiven = true;
        } else {
          throw new IllegalArgumentException("unexpected argument " + arg);
        }
      }
      return new Options(host, number("port", port, 0, 65535), push, bufferSize);
    }

    private static int number(String what, String text, int min, int max) {
      String problem = what + " = " + text + ": expected a number from " + min + " to " + max;
      int n;
      try {
        n = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(problem, e);
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException(problem);
      }
      return n;
    }
  }
}
