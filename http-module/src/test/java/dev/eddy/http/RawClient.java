package dev.eddy.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client socket for the ITs: writes exact bytes, reads responses framed by
 * Content-Length, chunked encoding or the close, and tells whether the server closed. Every read
 * has a deadline (the socket timeout), so a hang fails the test instead of blocking it.
 */
final class RawClient implements AutoCloseable {

  /** The longest any single read may block; a server that says nothing fails the test. */
  static final int READ_DEADLINE_MS = 10_000;

  /** One parsed response. */
  record Reply(String statusLine, int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(READ_DEADLINE_MS);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
  }

  RawClient send(String ascii) throws IOException {
    return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawClient send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads one final response (skipping 1xx); the body per its framing. */
  Reply read(boolean headRequest) throws IOException {
    while (true) {
      Reply r = readOne(headRequest);
      if (r.status() >= 200) {
        return r;
      }
    }
  }

  Reply read() throws IOException {
    return read(false);
  }

  /** Reads one response head and body, 1xx included. */
  Reply readOne(boolean headRequest) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("the server closed the connection instead of answering");
    }
    return readRest(statusLine, headRequest);
  }

  /** Reads the rest of a response to a GET whose status line the caller has read. */
  Reply readRest(String statusLine) throws IOException {
    return readRest(statusLine, false);
  }

  private Reply readRest(String statusLine, boolean headRequest) throws IOException {
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    String l;
    while (!(l = line()).isEmpty()) {
      int colon = l.indexOf(':');
      headers.merge(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
          (a, b) -> a + "\n" + b);
    }
    byte[] body;
    if (headRequest || status < 200 || status == 204 || status == 304) {
      body = new byte[0];
    } else if (headers.containsKey("content-length")) {
      int n = Integer.parseInt(headers.get("content-length"));
      body = in.readNBytes(n);
      if (body.length != n) {
        throw new IOException("body ended after " + body.length + " of " + n + " bytes");
      }
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked();
    } else {
      body = in.readAllBytes();
    }
    return new Reply(statusLine, status, headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailer fields: none expected, skipped
        }
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      if (!line().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  /** A line without its CRLF; {@code null} at end of stream before any byte. */
  String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new IOException("stream ended inside a line: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Whether the server closed the connection: the next read sees the end of the stream (or a
   * reset) within the read deadline, with no further bytes before it.
   */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException reset) {
      return true; // a reset is a close too
    }
  }

  /** Everything until the server closes. */
  String readToClose() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
