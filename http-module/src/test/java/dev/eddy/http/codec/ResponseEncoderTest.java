package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseEncoderTest {

  private static final HttpDate DATE =
      new HttpDate(Clock.fixed(Instant.parse("1994-11-06T08:49:37Z"), ZoneOffset.UTC));
  private static final String DATE_LINE = "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n";

  private final ResponseEncoder encoder = new ResponseEncoder(DATE, "eddy");

  private String drained() {
    ByteBuffer out = encoder.drain();
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void writesAHeadWithAutomaticFields() {
    encoder.status(200).header("Content-Type", "text/plain").endHead(13, false);
    encoder.body("Hello, World!".getBytes(StandardCharsets.US_ASCII));

    assertThat(drained()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + DATE_LINE
        + "Server: eddy\r\nContent-Length: 13\r\n\r\nHello, World!");
    assertThat(encoder.size()).isZero();
  }

  @Test
  void writesChunkedFramingAndConnectionClose() {
    encoder.status(201).endHead(ResponseEncoder.CHUNKED, true);

    assertThat(drained()).isEqualTo("HTTP/1.1 201 Created\r\n" + DATE_LINE + "Server: eddy\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
  }

  @Test
  void writesNoFramingForNoBodyAnd204() {
    encoder.status(304).endHead(ResponseEncoder.NO_BODY, false);
    encoder.status(204).endHead(0, false);

    assertThat(drained()).isEqualTo("HTTP/1.1 304 Not Modified\r\n" + DATE_LINE
        + "Server: eddy\r\n\r\nHTTP/1.1 204 No Content\r\n" + DATE_LINE + "Server: eddy\r\n\r\n");
    assertThatThrownBy(() -> encoder.status(204).endHead(5, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("204");
  }

  @Test
  void letsHandlersReplaceDateAndServerAndOmitsServerWhenNotConfigured() {
    ResponseEncoder plain = new ResponseEncoder(DATE, null);
    plain.status(200).header("server", "mine").header("DATE", "then").endHead(0, false);
    ByteBuffer out = plain.drain();

    assertThat(StandardCharsets.ISO_8859_1.decode(out).toString()).isEqualTo(
        "HTTP/1.1 200 OK\r\nserver: mine\r\nDATE: then\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void writesUnregisteredAndCustomReasons() {
    encoder.status(299).endHead(0, false);
    encoder.status(200, "Fine").endHead(0, false);

    assertThat(drained()).startsWith("HTTP/1.1 299 \r\n").contains("HTTP/1.1 200 Fine\r\n");
    assertThatThrownBy(() -> encoder.status(600)).hasMessageContaining("600");
    assertThatThrownBy(() -> encoder.status(200, "A\r\nB")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void writesLargeContentLengthsExactly() {
    encoder.status(200).endHead(Long.MAX_VALUE, false);
    encoder.status(200).endHead(999_999_999_999_999_999L, false);
    encoder.status(200).endHead(1_000_000_000_000_000_000L, false);

    assertThat(drained()).contains("Content-Length: 9223372036854775807\r\n")
        .contains("Content-Length: 999999999999999999\r\n")
        .contains("Content-Length: 1000000000000000000\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nSet-Cookie: x=y", "a\nb", "a\rb", "a\u0000b", "a\u0001b",
      "a\u007fb", "caf\u20ac"})
  void refusesValuesThatWouldSplitOrCorruptTheResponse(String value) {
    encoder.status(200);

    assertThatThrownBy(() -> encoder.header("X-Name", value))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"X-Name\"");
    encoder.endHead(0, false);
    assertThat(drained()).doesNotContain("X-Name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "A B", "A:B", "A\r\nB", "A\u0000", "(A)", "caf\u00e9"})
  void refusesNamesThatAreNotTokens(String name) {
    encoder.status(200);

    assertThatThrownBy(() -> encoder.header(name, "v")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length", "transfer-encoding", "CONNECTION"})
  void refusesFieldsThatTheEncoderOwns(String name) {
    encoder.status(200);

    assertThatThrownBy(() -> encoder.header(name, "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
  }

  @Test
  void acceptsHtabAndLatin1InValues() {
    encoder.status(200).header("X", "a\tb\u00e9").endHead(0, false);

    assertThat(drained()).contains("X: a\tb\u00e9\r\n");
  }

  @Test
  void encodesChunksAndTheLastChunkWithTrailers() {
    encoder.status(200).endHead(ResponseEncoder.CHUNKED, false);
    encoder.drain();
    encoder.chunk(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
    encoder.chunk(ByteBuffer.allocate(0));
    encoder.chunk(ByteBuffer.allocate(26));
    encoder.chunkSize(0x1234abcdL);
    encoder.chunkEnd();
    encoder.lastChunk(Headers.of("Checksum", "42"));

    assertThat(drained()).isEqualTo("5\r\nhello\r\n1a\r\n" + "\0".repeat(26) + "\r\n"
        + "1234abcd\r\n\r\n0\r\nChecksum: 42\r\n\r\n");
  }

  @Test
  void refusesBadTrailersAndEmptyChunkSizes() {
    assertThatThrownBy(() -> encoder.lastChunk(Headers.of("T", "a\nb")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> encoder.chunkSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(encoder.size()).isZero();
  }

  @Test
  void writesContinue() {
    encoder.writeContinue();

    assertThat(drained()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
  }

  @Test
  void appendsPipelinedResponsesUntilDrained() {
    for (int i = 0; i < 100; i++) {
      encoder.status(200).header("X-I", Integer.toString(i)).endHead(2, false);
      encoder.body(ByteBuffer.wrap(new byte[] {'o', 'k'}));
    }

    String all = drained();
    assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(101);
    assertThat(all).endsWith("X-I: 99\r\n" + DATE_LINE + "Server: eddy\r\nContent-Length: 2"
        + "\r\n\r\nok");
  }

  @Test
  void checksTheOrderOfCalls() {
    assertThatThrownBy(() -> encoder.header("A", "b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> encoder.endHead(0, false))
        .isInstanceOf(IllegalStateException.class);
    encoder.status(200);
    assertThatThrownBy(() -> encoder.body(new byte[1]))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> encoder.status(200)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encodesWhatTheParserReadsBack() throws HttpParseException {
    encoder.status(200).header("A", "1").endHead(ResponseEncoder.CHUNKED, false);
    encoder.drain();
    encoder.chunk(ByteBuffer.wrap(Wire.bytes("0123456789abcdef0123")));
    encoder.lastChunk(Headers.of("T", "x"));
    ByteBuffer body = encoder.drain();
    ByteBuffer request = ByteBuffer.allocate(200)
        .put(Wire.bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"))
        .put(body).flip();

    Wire.Message m = Wire.parseOne(StandardCharsets.ISO_8859_1.decode(request).toString());
    assertThat(m.bodyText()).isEqualTo("0123456789abcdef0123");
    assertThat(m.trailers().get("t")).isEqualTo("x");
  }

  @Test
  void shrinksBackAfterALargeMessage() {
    int initial = encoder.capacity();
    byte[] large = new byte[10 << 20];
    encoder.status(200).endHead(large.length, false);
    encoder.body(large);
    assertThat(encoder.capacity()).isGreaterThan(large.length);

    ByteBuffer out = encoder.drain();

    assertThat(out.remaining()).isGreaterThan(large.length);
    assertThat(encoder.capacity()).isEqualTo(initial);
    encoder.status(204).endHead(ResponseEncoder.NO_BODY, false);
    assertThat(drained()).startsWith("HTTP/1.1 204 No Content\r\n");
    assertThat(out.remaining()).as("the drained bytes stay valid").isGreaterThan(large.length);
  }
}
