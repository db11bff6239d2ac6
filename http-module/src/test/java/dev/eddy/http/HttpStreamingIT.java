package dev.eddy.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.runtime.Runtime;
import dev.eddy.sync.Channel;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies in motion: a streamed chunked response, a large slow upload, 100-continue refusals. */
class HttpStreamingIT {

  private static final int PIECES = 2_000;
  private static final long UPLOAD = 50L << 20;
  /** The slow reader pauses this often (in pieces) for a timer sleep. */
  private static final int PAUSE_EVERY = 16;

  private final AtomicInteger rejectCalls = new AtomicInteger();
  private final AtomicLong largestPiece = new AtomicLong();
  private ItServer it;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    App<Void> app = App.create();
    app.at("/pieces").get(req -> {
      Channel<ByteBuffer> ch = Channel.bounded(4);
      Runtime.current().spawnAsync(() -> produce(ch, 0));
      return Response.stream(Body.from(ch), "text/plain");
    });
    app.at("/upload").post(req -> readSlowly(req.body(), new CRC32(), 0, 0));
    app.at("/reject").post(req -> {
      rejectCalls.incrementAndGet();
      return Response.text(Status.FORBIDDEN, "no uploads for you");
    });
    it = new ItServer(app, ItServer.config(c -> c.withMaxBodySize(UPLOAD * 2)));
    client = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    it.close();
  }

  private static CompletionStage<Void> produce(Channel<ByteBuffer> ch, int i) {
    if (i == PIECES) {
      ch.close();
      return CompletableFuture.completedStage(null);
    }
    return ch.send(ByteBuffer.wrap(("piece-" + i + "\n").getBytes(StandardCharsets.US_ASCII)))
        .thenCompose(v -> produce(ch, i + 1));
  }

  private static String expectedPieces() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < PIECES; i++) {
      all.append("piece-").append(i).append('\n');
    }
    return all.toString();
  }

  /** Reads {@code body} piece by piece, sleeping on the runtime's timer every few pieces. */
  private CompletionStage<String> readSlowly(Body body, CRC32 crc, long total, int pieces) {
    return body.read().thenCompose(piece -> {
      if (piece.isEmpty()) {
        return CompletableFuture.completedStage(total + " " + Long.toHexString(crc.getValue()));
      }
      ByteBuffer b = piece.get();
      int n = b.remaining();
      largestPiece.accumulateAndGet(n, Math::max);
      crc.update(b);
      CompletionStage<Void> pause = pieces % PAUSE_EVERY == 0
          ? Runtime.current().timer().sleep(Duration.ofMillis(1))
          : CompletableFuture.completedStage(null);
      return pause.thenCompose(v -> readSlowly(body, crc, total + n, pieces + 1));
    });
  }

  @Test
  void theJdkClientReadsAChunkedResponseOfManyPieces() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(it.uri("/pieces")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
    assertThat(r.body()).isEqualTo(expectedPieces());
  }

  @Test
  void aFiftyMibUploadToASlowReaderArrivesByteExact() throws Exception {
    CRC32 expected = new CRC32();
    byte[] block = new byte[64 * 1024];
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (i * 31 + i / 7);
    }
    for (long sent = 0; sent < UPLOAD; sent += block.length) {
      expected.update(block);
    }
    HttpRequest upload = HttpRequest.newBuilder(it.uri("/upload"))
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
            () -> new RepeatingStream(block, UPLOAD)), UPLOAD))
        .build();
    HttpResponse<String> r = client.send(upload, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(UPLOAD + " " + Long.toHexString(expected.getValue()));
    // Pieces are what the socket delivered, never the body buffered up in one lump.
    assertThat(largestPiece.get()).isPositive()
        .isLessThanOrEqualTo(ItServer.config(c -> c).tcp().bufferSize());
  }

  @Test
  void aRejectionBeforeTheBodyIsReadAnswersWithout100ContinueAndCloses() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("POST /reject HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
          + "Content-Length: 1000000\r\n\r\n");
      RawClient.Reply r = c.readOne(false);
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.text()).isEqualTo("no uploads for you");
      // The client never sent the body it was waiting to send: the server cannot reuse the
      // connection (it would read the body as the next request), so it closes.
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(rejectCalls).hasValue(1);
  }

  @Test
  void aRejectionOfABodyAlreadySentDiscardsItAndKeepsTheConnection() throws Exception {
    try (RawClient c = it.connect()) {
      c.send("POST /reject HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
          + "POST /reject HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(403);
      RawClient.Reply second = c.read();
      assertThat(second.status()).isEqualTo(403);
      assertThat(second.header("Connection")).isNull();
    }
    assertThat(rejectCalls).hasValue(2);
  }

  /** {@code total} bytes of {@code block} repeated, without holding them all. */
  private static final class RepeatingStream extends InputStream {
    private final byte[] block;
    private long left;
    private int at;

    RepeatingStream(byte[] block, long total) {
      this.block = block;
      this.left = total;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, left), block.length - at);
      System.arraycopy(block, at, b, off, n);
      at = (at + n) % block.length;
      left -= n;
      return n;
    }
  }
}
