package dev.eddy.samples.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw-socket client of {@code GET /events} for tests: it can be closed at a known moment (the
 * JDK's HttpClient keeps connections of its own), and it reads with a deadline, never a sleep.
 * The chunked framing is left in the text: the tests look for event lines in it.
 */
final class EventStream implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final StringBuilder received = new StringBuilder();

  private EventStream(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Opens a stream; {@code lastEventId} ({@code null} for none) is sent as Last-Event-ID. */
  static EventStream open(InetSocketAddress server, String lastEventId) throws IOException {
    Socket socket = new Socket(server.getAddress(), server.getPort());
    try {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
          + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
          + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new EventStream(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Reads until the text received so far contains {@code needle} and the rest of the event that
   * holds it (up to the blank line that ends an event), and returns that text.
   *
   * @throws AssertionError naming what arrived if {@code within} passes first or the stream ends
   */
  String awaitText(String needle, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    byte[] buffer = new byte[4096];
    while (!containsEvent(needle)) {
      int n = readUntil(deadline, buffer);
      if (n < 0) {
        throw new AssertionError("stream ended without '" + needle + "'; got:\n" + received);
      }
      received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    return received.toString();
  }

  private boolean containsEvent(String needle) {
    int at = received.indexOf(needle);
    return at >= 0 && received.indexOf("\n\n", at) >= 0;
  }

  /** Reads until the server ends the stream; {@link AssertionError} if {@code within} passes. */
  void awaitEnd(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    byte[] buffer = new byte[4096];
    int n;
    while ((n = readUntil(deadline, buffer)) >= 0) {
      received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
  }

  private int readUntil(long deadline, byte[] buffer) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError("deadline passed; got:\n" + received);
    }
    socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
    try {
      return in.read(buffer);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("deadline passed; got:\n" + received, e);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
