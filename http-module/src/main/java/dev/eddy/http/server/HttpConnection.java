package dev.eddy.http.server;

import static dev.eddy.http.server.InputBuffers.append;
import static dev.eddy.http.server.InputBuffers.copy;
import static dev.eddy.http.server.InputBuffers.onHeap;

import dev.eddy.http.Body;
import dev.eddy.http.HttpError;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import dev.eddy.http.codec.HttpParseException;
import dev.eddy.http.codec.RequestHead;
import dev.eddy.http.codec.RequestParser;
import dev.eddy.http.internal.Refusals;
import dev.eddy.http.internal.Results;
import dev.eddy.http.sse.SseStream;
import dev.eddy.net.Connection;
import dev.eddy.time.Cancellable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection of the server: parses requests as bytes arrive, hands each to the app
 * as soon as its head is complete, and writes the responses strictly in request order.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Threads.</b> Everything here runs on the TCP connection's task ({@link
 * Connection#execute} brings code from other threads there), so the state needs no locks. {@link
 * #onTask} names the thread inside a call right now: a response that completes on it (an
 * endpoint that answered synchronously) is written at once; one that completes elsewhere hops
 * over with {@code execute}.
 *
 * <p><b>Pipelining.</b> {@link #inflight} holds the exchanges whose responses have not been sent,
 * oldest first. Responses are encoded into one buffer as they become sendable at the head of the
 * queue and written once per call, so the answers to a batch of pipelined requests leave in one
 * write. At {@code max-pipelined} unanswered requests parsing stops, the unparsed bytes are kept
 * ({@link #leftover}) and the connection stops reading until responses go out.
 *
 * <p><b>Request bodies</b> stream to the app through {@link RequestBody}; when its buffer passes
 * {@code body-buffer} bytes, parsing and reading stop the same way until the app reads on.
 *
 * <p><b>Closing.</b> After a request that asks to close, the last one {@code
 * max-keep-alive-requests} allows, a parse error, or a shutdown, nothing more is parsed; once the
 * last response is out the connection closes (flushing first). A response sent before its request
 * body was read makes the rest of that body be discarded, or, if the client still waits for
 * {@code 100 Continue}, closes the connection after the response.
 *
 * <p><b>Writability.</b> While the peer does not read its answers (the connection is above its
 * high-water mark) no further pipelined request is parsed and no further ready response is
 * written; {@link #onWritable} goes on. So a peer that pipelines and never reads makes the server
 * hold at most about the high-water mark plus one response.
 *
 * <p><b>Timeouts</b> are checked lazily (one pending timer per connection at most, cancelled on
 * close so a closed connection is not kept by the timer wheel): a head must complete within
 * {@code header-read-timeout} of its first byte, wherever parsing meets it (new input or input
 * kept while paused), else 408 and close (slowloris); a body being received may pause at most
 * {@code body-read-timeout} between bytes, time spent waiting for the handler to read or for our
 * {@code 100 Continue} aside, else 408 and close (slow POST); the unread rest of a body whose
 * response went out is skipped for at most {@code body-discard-timeout}, then the connection
 * closes; a connection idle between requests closes after {@code idle-timeout}.
 */
final class HttpConnection implements RequestBody.Listener {

  private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

  private final HttpServerCore server;
  private final Connection conn;
  private final RequestParser parser;
  private final ResponseWriter writer;
  private final ArrayDeque<Exchange> inflight = new ArrayDeque<>();
  /** The exchange whose request body is arriving, or {@code null}. */
  private Exchange receiving;
  /** Input not parsed yet while parsing is paused (a heap copy), or {@code null}. */
  private ByteBuffer leftover;
  private Thread onTask;
  private boolean parsing;
  /** No more requests are parsed (close requested, parse error, shutdown). */
  private boolean stopParsing;
  private boolean closed;
  /** The client shut down its output: no input after {@link #leftover}. */
  private boolean inputEnded;
  /** When the current request head began ({@code nanoTime}), 0 if none is partly received. */
  private long headStart;
  /** When the connection went idle between requests, 0 while busy. */
  private long idleSince;
  /** The deadline of the earliest pending timeout check, {@code Long.MAX_VALUE} if none. */
  private long checkAt = Long.MAX_VALUE;
  /** The pending timeout check (the one due at {@link #checkAt}), or {@code null}. */
  private Cancellable timer;
  /** When the body being received last made progress ({@code nanoTime}). */
  private long bodySince;
  /** When skipping the unread rest of an answered body must end, 0 if not skipping. */
  private long discardUntil;
  /** Requests started on this connection. */
  private int served;
  /** The request being parsed is the last one this connection serves. */
  private boolean lastRequest;

  HttpConnection(HttpServerCore server, Connection conn) {
    this.server = server;
    this.conn = conn;
    this.parser = new RequestParser(server.limits());
    this.writer = new ResponseWriter(server, conn, this::run);
  }

  // ---- entry points (the connection's task) -------------------------------------------------

  void onOpen() {
    enter();
    try {
      becomeIdle();
    } finally {
      exit();
    }
  }

  void onData(ByteBuffer data) {
    enter();
    try {
      idleSince = 0;
      if (leftover != null) {
        leftover = append(leftover, data);
        resumeInput();
      } else {
        ByteBuffer in = onHeap(data);
        parse(in);
        if (in.hasRemaining()) {
          leftover = copy(in);
          conn.pauseReading();
        }
      }
      becomeIdleIfDone();
    } finally {
      exit();
    }
  }

  /**
   * The client shut down its output (a FIN after its requests): answer what it sent, including
   * requests still in {@link #leftover}, then close. A streamed response already being written
   * (an event stream, say) is ended by the close at once, as before: a FIN during a stream most
   * often means the client has gone, and nothing else would end a stream that never finishes.
   */
  void onInputShutdown() {
    enter();
    try {
      inputEnded = true;
      if (writer.isStreaming()) {
        stopParsing = true;
        conn.close();
        return;
      }
      endInputIfParsed();
    } finally {
      exit();
    }
  }

  /** After the client's end of stream, once its kept input is parsed: finish, then close. */
  private void endInputIfParsed() {
    if (!inputEnded || leftover != null || closed) {
      return;
    }
    stopParsing = true;
    if (receiving != null) {
      receiving.body.fail(new IOException("the client ended its output before the request body"
          + " ended"));
      receiving = null;
    }
    closeWhenDone();
  }

  void onWritable() {
    enter();
    try {
      writer.resume();
      if (!writer.isStreaming()) {
        sendReady(); // responses and parsing held back while the peer did not read
      }
    } finally {
      exit();
    }
  }

  void onClose(Throwable cause) {
    closed = true;
    cancelTimer();
    leftover = null;
    if (receiving != null) {
      receiving.body.fail(new IOException("the connection closed before the request body ended"
          + (cause == null ? "" : ": " + cause)));
      receiving = null;
    }
    writer.abandon();
    for (Exchange ex : inflight) {
      if (ex.response != null && ex.stream == null) {
        ResponseWriter.cancel(streamOf(ex.response)); // answered, but never started
      }
    }
    inflight.clear();
  }

  /** The body of {@code r} if it is streamed, else {@code null}. */
  private static Body streamOf(Response r) {
    return r.bodyBytes() == null ? r.body() : null;
  }

  /**
   * The server is shutting down: finish what is in flight, then close. A request whose body is
   * still arriving is the last one: its body is still parsed, and parsing stops at its end.
   */
  void shutdown() {
    run(() -> {
      lastOne();
      for (Exchange ex : inflight) {
        endEventStream(ex);
      }
      closeWhenDone();
    });
  }

  /**
   * During a graceful shutdown, ends the server-sent event stream that answers {@code ex}, if it
   * does: a stream has no end of its own and would hold the shutdown until its deadline. Its
   * buffered events still go out, then the last chunk; the client reconnects elsewhere.
   */
  private static void endEventStream(Exchange ex) {
    if (ex.response != null && streamOf(ex.response) instanceof SseStream sse) {
      sse.close();
    }
  }

  /** No request after the one being received; none at all if none is. */
  private void lastOne() {
    if (receiving != null) {
      receiving.closeAfter = true;
      lastRequest = true; // parse() stops at this request's END
    } else {
      stopParsing = true;
    }
  }

  /** Runs {@code action} on the connection's task: now if on it, else via {@code execute}. */
  private void run(Runnable action) {
    if (Thread.currentThread() == onTask) {
      action.run();
      return;
    }
    conn.execute(() -> {
      enter();
      try {
        action.run();
      } finally {
        exit();
      }
    });
  }

  private void enter() {
    onTask = Thread.currentThread();
  }

  private void exit() {
    writer.flush();
    onTask = null;
  }

  // ---- parsing -------------------------------------------------------------------------------

  /** Parses {@code in} while allowed; what is not parsed stays in {@code in}. */
  private void parse(ByteBuffer in) {
    parsing = true;
    try {
      while (!stopParsing && !closed) {
        if (receiving != null && receiving.body.isFull()) {
          return; // the app has not read the body buffered so far
        }
        if (receiving == null && parser.idle()) {
          if (inflight.size() >= server.maxPipelined()) {
            return; // enough unanswered requests
          }
          if (!conn.isWritable()) {
            return; // the peer is not reading its answers: no more until onWritable
          }
        }
        RequestParser.Event event;
        try {
          event = parser.next(in);
        } catch (HttpParseException e) {
          refuse(e);
          return;
        }
        switch (event) {
          case NEED_MORE -> {
            return;
          }
          case HEAD -> start(parser.head());
          case BODY -> receiving.body.offer(parser.body());
          case END -> {
            RequestHead head = parser.head();
            if (receiving != null) {
              receiving.body.end();
              receiving = null;
              discardUntil = 0;
            }
            if (!head.keepAlive() || lastRequest) {
              stopParsing = true; // the client closes after this one (or we do)
            }
          }
        }
      }
    } finally {
      parsing = false;
      armTimers();
    }
  }

  /** Parses the kept input again after a pause; reading resumes once it is all parsed. */
  private void resumeInput() {
    if (leftover == null || parsing) {
      return;
    }
    parse(leftover);
    if (!leftover.hasRemaining()) {
      leftover = null;
      if (!stopParsing) {
        conn.resumeReading();
      }
      endInputIfParsed();
    } else {
      conn.pauseReading();
    }
  }

  private void start(RequestHead head) {
    headStart = 0;
    idleSince = 0;
    RequestBody body = head.hasBody()
        ? new RequestBody(head.contentLength(), server.bodyBuffer(), this) : null;
    Exchange ex = new Exchange(head, body);
    int cap = server.config().maxKeepAliveRequests();
    if (cap > 0 && ++served >= cap) {
      ex.closeAfter = true; // max-keep-alive-requests: this answer says close, and is the last
      lastRequest = true;
    }
    inflight.addLast(ex);
    receiving = body != null ? ex : null;
    if (server.isShuttingDown()) {
      lastOne();
    }
    Request.Builder request = Request.builder(head.method(), head.target())
        .headers(head.headers())
        .version(head.version().toString())
        .addresses(conn.remoteAddress(), conn.localAddress())
        .formLimits(server.config().maxFormFields(), server.config().maxFormSize());
    if (body != null) {
      request.body(body);
    }
    CompletableFuture<Response> answer = server.app().handle(request).toCompletableFuture();
    if (answer.isDone()) {
      answered(ex, answer.getNow(null), null);
    } else {
      answer.whenComplete((r, f) -> run(() -> answered(ex, r, f)));
    }
  }

  private void answered(Exchange ex, Response response, Throwable failure) {
    if (closed) {
      if (response != null) {
        ResponseWriter.cancel(streamOf(response)); // too late: the client is gone
      }
      return;
    }
    ex.response = response != null ? response : Results.fromFailure(failure, ex);
    sendReady();
  }

  /**
   * A request that could not be parsed: answer it after those before it, then close. A body that
   * breaks off (malformed, or over {@code max-body-size}) fails its reader instead.
   */
  private void refuse(HttpParseException e) {
    log.debug("Refused a request from {}: {} {}", conn.remoteAddress(), e.status(),
        e.getMessage());
    stopParsing = true;
    if (receiving != null) {
      // The head of this request already reached the app, so its endpoint gives the one answer:
      // reading the body fails with the refusal (propagated, it becomes the refusal's status),
      // and the connection closes after that answer. A second, unasked-for response would
      // desynchronise the client.
      Exchange ex = receiving;
      receiving = null;
      ex.closeAfter = true;
      ex.body.fail(new HttpError(e.status(), e.getMessage()));
      sendReady();
      return;
    }
    inflight.addLast(Exchange.refusal(refusal(new HttpError(e.status(), e.getMessage()))));
    sendReady();
  }

  /**
   * The app's answer to a request refused before it reached the app: its {@code onError} handler
   * or its default form (text, or a problem body), shown to its request log.
   */
  private Response refusal(HttpError error) {
    Request.Builder unread = Request.builder(Refusals.UNREAD, Refusals.UNREAD)
        .addresses(conn.remoteAddress(), conn.localAddress());
    return Refusals.answer(server.app(), unread, error);
  }

  // ---- responding ----------------------------------------------------------------------------

  /** Sends every response that is ready at the head of the queue, in order. */
  private void sendReady() {
    while (!closed && !writer.isStreaming()) {
      Exchange ex = inflight.peekFirst();
      if (ex == null || ex.response == null) {
        break;
      }
      if (!conn.isWritable()) {
        break; // the peer is not reading: onWritable goes on
      }
      if (server.isShuttingDown()) {
        endEventStream(ex); // an event stream answered after the shutdown began
      }
      // The last response before a close says so; earlier pipelined ones keep the connection.
      boolean close = ex.closeAfter || stopParsing && inflight.size() == 1 && receiving == null
          || awaitsContinue(ex);
      if (!writer.start(ex, close, () -> {
        done(ex);
        sendReady();
      })) {
        return; // streaming: the callback finishes ex and goes on when the body has been sent
      }
      done(ex);
    }
    if (inflight.isEmpty()) {
      closeWhenDone();
      if (!stopParsing && !closed) {
        resumeInput();
      }
    } else if (inflight.size() < server.maxPipelined()) {
      resumeInput();
    }
  }

  /**
   * Whether the client of {@code ex} still waits for {@code 100 Continue} before sending a body
   * nobody read: the connection closes after the response (see {@link #done}), and the response
   * says so, so the client does not send the body after all.
   */
  private static boolean awaitsContinue(Exchange ex) {
    return ex.body != null && ex.head.expectContinue() && !ex.continueSent && !ex.body.isEnded();
  }

  /** The response of {@code ex} is fully written. */
  private void done(Exchange ex) {
    inflight.pollFirst();
    if (ex.body != null && !ex.body.isEnded()) {
      if (awaitsContinue(ex)) {
        ex.closeAfter = true; // the client may never send the body it was waiting to send
      } else {
        ex.body.discard(); // keep the connection: skip the rest of the body as it comes
        if (receiving == ex) {
          discardUntil = server.nanoTime() + server.config().bodyDiscardTimeout().toNanos();
          scheduleCheck(discardUntil);
        }
      }
    }
    if (ex.closeAfter) {
      stopParsing = true;
    }
  }

  /** Closes the connection once nothing is in flight, if no more requests will be parsed. */
  private void closeWhenDone() {
    if (stopParsing && inflight.isEmpty() && !closed) {
      writer.flush();
      conn.close();
    }
  }

  // ---- RequestBody.Listener -----------------------------------------------------------------

  @Override
  public void drained() {
    run(this::resumeInput);
  }

  @Override
  public void wantsBody() {
    run(() -> {
      Exchange ex = receiving;
      // 100 Continue only while the request is the oldest unanswered one: an interim response
      // may not overtake the responses to earlier pipelined requests.
      if (ex != null && ex.head.expectContinue() && !ex.continueSent && inflight.peekFirst() == ex
          && ex.response == null) {
        ex.continueSent = true;
        writer.sendContinue();
      }
    });
  }

  // ---- timeouts ------------------------------------------------------------------------------

  private void becomeIdleIfDone() {
    if (inflight.isEmpty() && receiving == null && parser.idle() && idleSince == 0) {
      becomeIdle();
    }
  }

  private void becomeIdle() {
    idleSince = server.nanoTime();
    scheduleCheck(idleSince + server.idleTimeoutNanos());
  }

  /**
   * Arms the timer of the state parsing stopped in: a body being received (its progress is now),
   * or a head begun (from its first byte on, whether it came in new input or in kept input).
   */
  private void armTimers() {
    if (closed) {
      return;
    }
    if (receiving != null) {
      bodySince = server.nanoTime();
      scheduleCheck(bodySince + bodyReadTimeoutNanos());
    } else if (headStart == 0 && !parser.idle() && !stopParsing) {
      headStart = server.nanoTime();
      scheduleCheck(headStart + server.headerReadTimeoutNanos());
    }
  }

  private long bodyReadTimeoutNanos() {
    return server.config().bodyReadTimeout().toNanos();
  }

  private void scheduleCheck(long deadline) {
    if (deadline >= checkAt) {
      return; // an earlier check re-arms for this deadline
    }
    cancelTimer(); // the earlier check re-arms for what the later one covered
    checkAt = deadline;
    timer = server.schedule(deadline, () -> run(() -> check(deadline)));
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    checkAt = Long.MAX_VALUE;
  }

  private void check(long deadline) {
    if (deadline == checkAt) {
      checkAt = Long.MAX_VALUE;
      timer = null;
    }
    if (closed) {
      return;
    }
    long now = server.nanoTime();
    if (headStart != 0) {
      long due = headStart + server.headerReadTimeoutNanos();
      if (now >= due) {
        log.debug("Connection {}: request head not complete within {}; closing",
            conn.remoteAddress(), server.config().headerReadTimeout());
        stopParsing = true;
        headStart = 0;
        inflight.addLast(Exchange.refusal(refusal(new HttpError(Status.REQUEST_TIMEOUT,
            "request head not complete within " + server.config().headerReadTimeout()))));
        sendReady();
        return;
      }
      scheduleCheck(due);
    } else if (receiving != null) {
      checkBody(receiving, now);
    } else if (idleSince != 0) {
      long due = idleSince + server.idleTimeoutNanos();
      if (now >= due && inflight.isEmpty() && parser.idle()) {
        stopParsing = true;
        closeWhenDone();
        return;
      }
      scheduleCheck(due);
    }
  }

  private void checkBody(Exchange ex, long now) {
    if (discardUntil == 0 && (leftover != null || ex.body.isFull() || awaitsContinue(ex))) {
      bodySince = now; // waiting for the handler to read, or for our 100 Continue: not the client
    }
    long due = bodySince + bodyReadTimeoutNanos();
    if (discardUntil != 0) {
      due = Math.min(due, discardUntil);
    }
    if (now < due) {
      scheduleCheck(due);
      return;
    }
    boolean skipping = discardUntil != 0;
    String why = skipping
        ? "rest of the request body not received within " + server.config().bodyDiscardTimeout()
            + " of the response (body-discard-timeout)"
        : "request body not received: no bytes for " + server.config().bodyReadTimeout()
            + " (body-read-timeout)";
    log.debug("Connection {}: {}; closing", conn.remoteAddress(), why);
    receiving = null;
    discardUntil = 0;
    stopParsing = true;
    ex.closeAfter = true;
    // A handler reading the body gets the 408 (propagated, it becomes the answer); one that has
    // answered already leaves nothing to send, and the connection closes.
    ex.body.fail(new HttpError(Status.REQUEST_TIMEOUT, why));
    sendReady();
  }
}
