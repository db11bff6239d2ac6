package dev.eddy.http.client.internal;

import dev.eddy.http.Body;
import dev.eddy.http.Headers;
import dev.eddy.http.client.ClientConfig;
import dev.eddy.http.client.ClientRequest;
import dev.eddy.http.client.ClientResponse;
import dev.eddy.http.client.MalformedResponseException;
import dev.eddy.http.codec.HttpLimits;
import dev.eddy.http.codec.HttpParseException;
import dev.eddy.http.codec.MessageParser.Event;
import dev.eddy.http.codec.RequestEncoder;
import dev.eddy.http.codec.ResponseHead;
import dev.eddy.http.codec.ResponseParser;
import dev.eddy.http.internal.Bodies;
import dev.eddy.net.TcpStream;
import dev.eddy.time.Cancellable;
import dev.eddy.time.TimeoutExceededException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pooled HTTP/1.1 connection to an origin, carrying one exchange at a time: it encodes the
 * request ({@link RequestEncoder}), sends it (Content-Length or chunked, after {@code 100
 * Continue} when asked; a streamed body through its {@link BodyPump}), reads the final response
 * head ({@link ResponseParser}, skipping 1xx), and hands the body to a {@link ResponseBody} that
 * reads on only when asked.
 *
 * <p><b>Small bodies.</b> The body bytes that arrived with the head are parsed at once; if the
 * body is complete among them it is buffered and the connection released before the caller even
 * looks, so a caller who never reads a small body leaks nothing.
 *
 * <p><b>Stale connections.</b> A connection taken from the pool may have been closed by the
 * server meanwhile. If the exchange then fails (write error, end of stream or reset) before any
 * response byte arrived, it fails with {@link StaleConnectionException} so the dispatcher can
 * retry on a fresh connection when that is safe; the exception says whether a byte of the request
 * had been written (then a non-idempotent request is not resent).
 *
 * <p><b>Nothing but the answer.</b> A response is the answer to this exchange's request only:
 * bytes left after its end (a second response, a body on a 204) mean the server and the client
 * no longer agree on framing, so the connection is closed instead of pooled. While pooled, the
 * connection keeps a read armed ({@link #watchWhileIdle()}): a byte or the end of stream there
 * makes the pool drop it; the next exchange takes that read over as its first read. At most
 * {@code max-interim-responses} 1xx heads are skipped.
 *
 * <p><b>Threads.</b> One exchange at a time: the pool hands a connection to one request, whose
 * steps run one after the other on the runtime's workers (each stage completion happens-before
 * the next step), so the fields need no locks. {@link #abort()} may come from any thread.
 */
public final class Connection {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  private static final String[] BODY_METHODS = {"POST", "PUT", "PATCH"};
  /** Fixed bodies up to this many buffers are sent in the same write as the head. */
  private static final int INLINE_BUFFERS = 4;

  final HostPool pool;
  final TcpStream stream;
  final ClientConfig config;
  final ResponseParser parser;
  private final RequestEncoder encoder = new RequestEncoder();
  private final BodyPump bodyPump = new BodyPump(encoder, this::write);
  /** Received bytes not parsed yet, between position and limit (read mode). */
  final ByteBuffer in;
  private int exchanges;
  private boolean received; // a byte of the current exchange's response arrived
  private volatile boolean wrote; // a byte of the current exchange's request was written
  private int interim; // 1xx heads of the current exchange
  /** The read armed while pooled (no read timeout), until an exchange takes it over. */
  volatile CompletableFuture<Integer> idleRead;
  private boolean closeAfter;
  private CompletableFuture<Void> sending;
  Cancellable idleTimer; // guarded by the pool's lock

  Connection(HostPool pool, TcpStream stream, ClientConfig config) {
    this.pool = pool;
    this.stream = stream;
    this.config = config;
    this.parser = new ResponseParser(new HttpLimits(config.maxStatusLine(),
        config.maxHeaderBytes(), config.maxHeaders(), Long.MAX_VALUE / 2));
    this.in = ByteBuffer.allocate(config.bufferSize()).flip();
  }

  /** Whether this connection carried an exchange before (so the server may have dropped it). */
  boolean reused() {
    return exchanges > 0;
  }

  /** Closes the socket now; the exchange in progress fails. Any thread. */
  public void abort() {
    stream.close();
  }

  boolean isOpen() {
    return !stream.isClosed();
  }

  /**
   * Sends {@code request} to {@code target} and reads the final response head; the body streams
   * from this connection afterwards.
   */
  CompletionStage<ClientResponse> exchange(ClientRequest request, Target target) {
    received = false;
    wrote = false;
    interim = 0;
    closeAfter = false;
    parser.expectResponseTo(request.method());
    Body body = request.body();
    long length = request.bodyLength();
    byte[] fixed = Bodies.bytesOf(body);
    boolean expect = request.expectContinue() && request.hasBody();
    try {
      writeHead(request, target, length, expect);
    } catch (IllegalArgumentException e) {
      encoder.reset();
      pool.release(this);
      return CompletableFuture.failedStage(e);
    }
    CompletableFuture<ResponseHead> head = new CompletableFuture<>();
    if (!request.hasBody()) {
      sending = CompletableFuture.completedFuture(null);
      write(encoder.drain()).whenComplete((v, e) -> afterSend(e, head, null));
    } else if (fixed != null && !expect && fixed.length <= INLINE_BUFFERS * config.bufferSize()) {
      encoder.body(fixed);
      sending = CompletableFuture.completedFuture(null);
      write(encoder.drain()).whenComplete((v, e) -> afterSend(e, head, null));
    } else if (expect) {
      CompletableFuture<Void> gate = new CompletableFuture<>();
      Cancellable wait = pool.timer().schedule(config.expectContinueTimeout(),
          () -> gate.complete(null));
      sending = new CompletableFuture<>();
      write(encoder.drain()).whenComplete((v, e) -> afterSend(e, head, gate));
      gate.whenComplete((v, e) -> {
        wait.cancel();
        if (e == null) {
          sendBody(body, fixed, length).whenComplete(this::sent);
        } else {
          closeAfter = true; // the server answered without reading a body it may still expect
          sending.complete(null);
        }
      });
    } else {
      sending = new CompletableFuture<>();
      write(encoder.drain())
          .thenCompose(v -> sendBody(body, fixed, length))
          .whenComplete((v, e) -> {
            sent(v, e);
            afterSend(e, head, null);
          });
    }
    return head.thenApply(h -> respond(h, request));
  }

  private void sent(Void v, Throwable e) {
    if (e != null) {
      closeAfter = true;
      sending.completeExceptionally(e);
    } else {
      sending.complete(null);
    }
  }

  private void afterSend(Throwable failure, CompletableFuture<ResponseHead> head,
      CompletableFuture<Void> gate) {
    if (failure != null) {
      fail(classify(failure, "sending the request"), head);
      return;
    }
    readHead(head, gate);
  }

  private void writeHead(ClientRequest request, Target target, long length, boolean expect) {
    Headers h = request.headers();
    String host = h.get("Host");
    encoder.start(request.method(), target.target(), host != null ? host : target.hostHeader());
    boolean agent = false;
    for (int i = 0; i < h.size(); i++) {
      String name = h.name(i);
      if (RequestEncoder.isOwnField(name)) {
        if (name.equalsIgnoreCase("Connection") && h.value(i).equalsIgnoreCase("close")) {
          closeAfter = true;
        }
        continue; // Host was used above; framing is the body's
      }
      agent |= name.equalsIgnoreCase("User-Agent");
      encoder.header(name, h.value(i));
    }
    if (!agent && !config.userAgent().isEmpty()) {
      encoder.header("User-Agent", config.userAgent());
    }
    long framing = length > 0 ? length : length < 0 ? RequestEncoder.CHUNKED
        : sendsZeroLength(request.method()) ? 0 : RequestEncoder.NO_BODY;
    encoder.endHead(framing, closeAfter, expect);
  }

  private static boolean sendsZeroLength(String method) {
    for (String m : BODY_METHODS) {
      if (m.equals(method)) {
        return true;
      }
    }
    return false;
  }

  private CompletionStage<Void> write(ByteBuffer bytes) {
    int from = bytes.position();
    return stream.writeAll(bytes).whenComplete((v, e) -> {
      if (bytes.position() != from) {
        wrote = true; // (the position moves only once the bytes went to the socket)
      }
    });
  }

  /**
   * Makes sure a read is armed while this connection waits in the pool (with no read timeout:
   * {@code idle-timeout} bounds the wait), and reports whether it may be pooled: {@code false}
   * once that read has completed (unsolicited bytes, end of stream, or an error). The pool is
   * told when the read completes while the connection is idle ({@link HostPool#idleReadDone}).
   */
  boolean watchWhileIdle() {
    CompletableFuture<Integer> read = idleRead;
    if (read == null) {
      in.clear();
      stream.setReadTimeout(Duration.ZERO);
      CompletableFuture<Integer> armed = stream.read(in).toCompletableFuture();
      stream.setReadTimeout(config.readTimeout());
      idleRead = armed;
      armed.whenComplete((n, e) -> pool.idleReadDone(this, armed, n, e));
      read = armed;
    }
    return !read.isDone();
  }

  /** The next read of the response: the one armed while pooled if any (with the read timeout). */
  private CompletionStage<Integer> nextRead() {
    CompletableFuture<Integer> armed = idleRead;
    if (armed == null) {
      in.clear();
      return stream.read(in);
    }
    idleRead = null;
    Duration limit = config.readTimeout();
    if (limit.isZero()) {
      return armed;
    }
    return pool.timer().timeout(armed, limit).exceptionallyCompose(e -> {
      Throwable cause = Dispatcher.unwrap(e);
      return CompletableFuture.failedStage(cause instanceof TimeoutExceededException
          ? new TimeoutExceededException("read from " + stream.remoteAddress(), limit) : cause);
    });
  }

  /** Streams the body: one write for bytes, else piece by piece as the body yields them. */
  private CompletionStage<Void> sendBody(Body body, byte[] fixed, long length) {
    return bodyPump.send(body, fixed, length);
  }

  /** Reads until the final head; a 100 opens {@code gate} (the body may go). */
  private void readHead(CompletableFuture<ResponseHead> head, CompletableFuture<Void> gate) {
    try {
      // With a read armed while pooled, the buffer is that read's, and empty so far.
      while (idleRead == null) {
        Event event = parser.next(in);
        if (event == Event.NEED_MORE) {
          break;
        }
        if (event != Event.HEAD) {
          throw new IllegalStateException("parser gave " + event + " before a response head");
        }
        ResponseHead h = parser.head();
        if (h.status() == 101) {
          throw new HttpParseException(400, "unexpected 101 Switching Protocols; the client "
              + "never asks to upgrade");
        }
        if (!h.interim()) {
          if (gate != null && !gate.isDone()) {
            gate.cancel(false); // a final answer before 100 Continue: the body is not sent
          }
          exchanges++;
          head.complete(h);
          return;
        }
        if (++interim > config.maxInterimResponses()) {
          throw new HttpParseException(400, "more than " + config.maxInterimResponses()
              + " interim (1xx) responses before the final one (max-interim-responses = "
              + config.maxInterimResponses() + ")");
        }
        if (h.status() == 100 && gate != null) {
          gate.complete(null);
        }
      }
    } catch (HttpParseException e) {
      fail(malformed(e), head);
      return;
    }
    nextRead().whenComplete((n, failure) -> {
      in.flip();
      if (failure != null) {
        fail(classify(failure, "waiting for the response"), head);
      } else if (n < 0) {
        if (!received) {
          fail(classify(new java.io.EOFException("the server closed the connection"
              + " before sending a response"), "waiting for the response"), head);
        } else {
          try {
            parser.endOfInput();
            fail(new IllegalStateException("a head ended by the end of input"), head);
          } catch (HttpParseException e) {
            fail(malformed(e), head);
          }
        }
      } else {
        received |= n > 0;
        readHead(head, gate);
      }
    });
  }

  /** The response for the final head {@code h}: the body buffered if it is all here already. */
  private ClientResponse respond(ResponseHead h, ClientRequest request) {
    ResponseBody body = body(h);
    List<ByteBuffer> early = new ArrayList<>(2);
    try {
      for (;;) {
        Event event = parser.next(in);
        if (event == Event.BODY) {
          ByteBuffer piece = parser.body();
          ByteBuffer copy = ByteBuffer.allocate(piece.remaining()).put(piece).flip();
          early.add(copy);
        } else if (event == Event.END) {
          body.finish();
          return ClientResponse.of(h.status(), h.headers(), Bodies.of(join(early)),
              request.uri(), config.maxBodySize());
        } else {
          break; // NEED_MORE: the rest streams
        }
      }
    } catch (HttpParseException e) {
      throw new CompletionException(fail(malformed(e), null));
    }
    body.prepend(early);
    body.watchUnreachable();
    return ClientResponse.of(h.status(), h.headers(), body, request.uri(), config.maxBodySize());
  }

  private static byte[] join(List<ByteBuffer> pieces) {
    if (pieces.size() == 1) {
      return pieces.get(0).array();
    }
    int n = 0;
    for (ByteBuffer b : pieces) {
      n += b.remaining();
    }
    byte[] all = new byte[n];
    int at = 0;
    for (ByteBuffer b : pieces) {
      int r = b.remaining();
      b.get(all, at, r);
      at += r;
    }
    return all;
  }

  private ResponseBody body(ResponseHead h) {
    return new ResponseBody(this, h);
  }

  /** Closes this connection (it leaves the pool) and fails {@code f} (if any) with {@code t}. */
  Throwable fail(Throwable t, CompletableFuture<?> f) {
    pool.discard(this);
    if (f != null) {
      f.completeExceptionally(t);
    }
    return t;
  }

  /** Called once the body was read to its end: pool the connection or close it. */
  void exchangeDone(ResponseHead h) {
    if (in.hasRemaining()) {
      log.warn("{} sent {} bytes after the end of its response; closing the connection instead "
          + "of reusing it", pool.origin(), in.remaining());
      pool.discard(this);
      return;
    }
    if (h.keepAlive() && !closeAfter && sending.isDone() && !sending.isCompletedExceptionally()) {
      pool.release(this);
    } else {
      pool.discard(this);
    }
  }

  /** The failure to report for {@code failure} on this connection, stale or not. */
  Throwable classify(Throwable failure, String doing) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof IOException && !(cause instanceof MalformedResponseException)
        && !received && reused()) {
      return new StaleConnectionException(pool.origin(), doing, (IOException) cause, wrote);
    }
    return cause;
  }

  MalformedResponseException malformed(HttpParseException e) {
    return new MalformedResponseException("malformed response from " + pool.origin() + ": "
        + e.getMessage());
  }

  @Override
  public String toString() {
    return "Connection[" + stream + ", exchanges=" + exchanges + "]";
  }
}
