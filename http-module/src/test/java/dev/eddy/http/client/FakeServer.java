package dev.eddy.http.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP server for tests: a thread per connection reads each request head (and a
 * Content-Length body) and lets a script write whatever bytes it likes, malformed ones included.
 */
final class FakeServer implements AutoCloseable {

  /** What to do with one request on one connection. */
  interface Script {
    /** Answers {@code request} (head and body as text) on {@code socket}; false to close. */
    boolean answer(String request, Socket socket, int connection) throws IOException;
  }

  private final ServerSocket listener;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

  FakeServer(Script script) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          sockets.add(s);
          int n = connections.incrementAndGet();
          Thread t = new Thread(() -> serve(s, script, n), "fake-conn-" + n);
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "fake-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A server that writes {@code response} for every request, keeping the connection open. */
  static FakeServer answering(String response) throws IOException {
    return new FakeServer((req, s, c) -> {
      s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
      return true;
    });
  }

  /** A server that writes {@code response} once, then closes the connection. */
  static FakeServer answeringAndClosing(String response) throws IOException {
    return new FakeServer((req, s, c) -> {
      s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
      return false;
    });
  }

  String url(String path) {
    return "http://127.0.0.1:" + listener.getLocalPort() + path;
  }

  int port() {
    return listener.getLocalPort();
  }

  private void serve(Socket s, Script script, int n) {
    try (s) {
      InputStream in = s.getInputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String body = "";
        for (String line : head.split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            int len = Integer.parseInt(line.substring(15).trim());
            body = new String(in.readNBytes(len), StandardCharsets.ISO_8859_1);
          }
        }
        requests.add(head + body);
        if (!script.answer(head + body, s, n)) {
          return;
        }
        s.getOutputStream().flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      out.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return out.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
