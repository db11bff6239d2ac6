package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static dev.eddy.http.codec.Wire.parse;
import static dev.eddy.http.codec.Wire.parseOne;
import static dev.eddy.http.codec.Wire.reject;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyFramingTest {

  private static final String POST = "POST /p HTTP/1.1\r\nHost: x\r\n";

  @Test
  void readsAContentLengthBody() {
    Wire.Message m = parseOne(POST + "Content-Length: 5\r\n\r\nhello");

    assertThat(m.head().framing()).isEqualTo(BodyFraming.LENGTH);
    assertThat(m.head().contentLength()).isEqualTo(5);
    assertThat(m.head().hasBody()).isTrue();
    assertThat(m.bodyText()).isEqualTo("hello");
    assertThat(m.trailers()).isSameAs(Headers.EMPTY);
  }

  @Test
  void readsAZeroContentLength() {
    Wire.Message m = parseOne(POST + "Content-Length: 0\r\n\r\n");

    assertThat(m.head().framing()).isEqualTo(BodyFraming.LENGTH);
    assertThat(m.head().hasBody()).isFalse();
    assertThat(m.body()).isEmpty();
  }

  @Test
  void acceptsRepeatedEqualContentLengths() {
    assertThat(parseOne(POST + "Content-Length: 3, 3,3\r\n\r\nabc").bodyText()).isEqualTo("abc");
    assertThat(parseOne(POST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc").bodyText())
        .isEqualTo("abc");
    assertThat(parseOne(POST + "Content-Length: 007\r\n\r\n1234567").bodyText())
        .isEqualTo("1234567");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+5", "-5", "5 5", "5,6", "0x5", "5.0", "5a", "", ",5", "5,", "5,,5",
      "1e3", "\u0660"})
  void rejectsMalformedContentLength(String value) {
    HttpParseException e = reject(POST + "Content-Length: " + value + "\r\n\r\n12345");

    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void rejectsRepeatedDifferingContentLengths() {
    HttpParseException e = reject(POST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n");

    assertThat(e.getMessage()).contains("conflicting Content-Length values 5 and 6");
  }

  @Test
  void rejectsAnOverflowingContentLength() {
    assertThat(reject(POST + "Content-Length: 9223372036854775808\r\n\r\n").getMessage())
        .contains("overflows");
    assertThat(reject(POST + "Content-Length: 99999999999999999999999\r\n\r\n").status())
        .isEqualTo(400);
  }

  @Test
  void answersAContentLengthOverTheLimitWith413BeforeTheBody() {
    HttpLimits limits = new HttpLimits(64, 1024, 10, 10);

    assertThat(Wire.feed(limits, Wire.bytes(POST + "Content-Length: 10\r\n\r\n0123456789"))
        .error()).isNull();
    HttpParseException e = Wire.reject(limits, Wire.bytes(POST + "Content-Length: 11\r\n\r\n"));
    assertThat(e.status()).isEqualTo(413);
    assertThat(e.getMessage()).contains("11").contains("max-body-size");
  }

  @Test
  void readsAChunkedBody() {
    Wire.Message m = parseOne(POST + "Transfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n1;a=b\r\n \r\nA\r\n0123456789\r\n0\r\n\r\n");

    assertThat(m.head().framing()).isEqualTo(BodyFraming.CHUNKED);
    assertThat(m.head().contentLength()).isEqualTo(-1);
    assertThat(m.bodyText()).isEqualTo("hello 0123456789");
    assertThat(m.trailers().size()).isZero();
  }

  @Test
  void acceptsChunkedInAnyCaseAndWithWhitespace() {
    assertThat(parseOne(POST + "Transfer-Encoding:  Chunked \r\n\r\n0\r\n\r\n").head().framing())
        .isEqualTo(BodyFraming.CHUNKED);
  }

  @Test
  void acceptsUpperAndLowerHexAndLeadingZeros() {
    String body = "a\r\n0123456789\r\nB\r\n0123456789a\r\n0000\r\n\r\n";

    assertThat(parseOne(POST + "Transfer-Encoding: chunked\r\n\r\n" + body).body())
        .hasSize(21);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5;a", "5;a=b", "5;a=\"q\\\"d;\"", "5 ;a", "5\t; a = b ; c",
      "5;a=b;c=\"\"", "5;!#$%&'*+-.^_`|~=x"})
  void acceptsAndIgnoresChunkExtensions(String sizeLine) {
    String wire = POST + "Transfer-Encoding: chunked\r\n\r\n" + sizeLine + "\r\nhello\r\n0\r\n\r\n";

    assertThat(parseOne(wire).bodyText()).isEqualTo("hello");
  }

  @Test
  void boundsTheChunkExtensionBytesOfABody() {
    // 1-byte chunks, each with 100 bytes of extension: the body's budget is 4 KiB of them.
    String line = "1;" + "e".repeat(99) + "\r\nx\r\n";
    String within = POST + "Transfer-Encoding: chunked\r\n\r\n" + line.repeat(40) + "0\r\n\r\n";
    String over = POST + "Transfer-Encoding: chunked\r\n\r\n" + line.repeat(41) + "0\r\n\r\n";

    assertThat(parseOne(within).bodyText()).isEqualTo("x".repeat(40));
    HttpParseException e = reject(over);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("chunk extensions").contains("4096");
    byte[] wire = Wire.bytes(over);
    HttpParseException cut = Wire.byteByByte(Wire.LIMITS, wire).error();
    assertThat(cut).isNotNull();
    assertThat(cut.getMessage()).isEqualTo(e.getMessage());
    for (int at = 1; at < wire.length; at += 97) {
      assertThat(Wire.feed(Wire.LIMITS, wire, at).error().getMessage()).isEqualTo(e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"5;", "5;=b", "5;a=", "5;a=\"unterminated", "5 ", "5 a", "5;a b",
      "5;a=b c", "5;a=\"\u0001\"", "5;a=\"\\\u0000\"", "5,a", "5;a=b=c"})
  void rejectsMalformedChunkExtensions(String sizeLine) {
    String wire = POST + "Transfer-Encoding: chunked\r\n\r\n" + sizeLine + "\r\nhello\r\n0\r\n\r\n";

    assertThat(reject(wire).status()).isEqualTo(400);
  }

  @Test
  void exposesTrailersSeparatelyFromTheHead() {
    Wire.Message m = parseOne(POST + "Transfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n0\r\nChecksum: 42\r\nX-Other:  y \r\n\r\n");

    assertThat(m.trailers().size()).isEqualTo(2);
    assertThat(m.trailers().get("checksum")).isEqualTo("42");
    assertThat(m.trailers().get("x-other")).isEqualTo("y");
    assertThat(m.head().headers().contains("Checksum")).isFalse();
  }

  @Test
  void neverActsOnFramingFieldsInTrailers() {
    List<Wire.Message> messages = parse(POST + "Transfer-Encoding: chunked\r\n\r\n"
        + "0\r\nContent-Length: 5\r\nHost: y\r\nConnection: close\r\n\r\n"
        + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).head().keepAlive()).isTrue();
    assertThat(messages.get(0).trailers().get("Content-Length")).isEqualTo("5");
    assertThat(messages.get(1).head().target()).isEqualTo("/next");
  }

  @Test
  void checksTrailersWithTheHeaderRulesAndLimits() {
    String chunked = POST + "Transfer-Encoding: chunked\r\n\r\n0\r\n";

    assertThat(reject(chunked + "A : b\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject(chunked + "A: b\r\n c\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject(chunked + "A: b\u0000\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject(chunked + "A: b\n\r\n").status()).isEqualTo(400);
    HttpLimits limits = new HttpLimits(64, 64, 2, 100);
    assertThat(Wire.reject(limits, Wire.bytes(chunked + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n"))
        .status()).isEqualTo(431);
    assertThat(Wire.reject(limits, Wire.bytes(chunked + "A: " + "x".repeat(64) + "\r\n\r\n"))
        .status()).isEqualTo(431);
  }

  @Test
  void answersAChunkedBodyOverTheLimitWith413AtTheChunkSize() {
    HttpLimits limits = new HttpLimits(64, 1024, 10, 10);
    String head = POST + "Transfer-Encoding: chunked\r\n\r\n";

    assertThat(Wire.feed(limits, Wire.bytes(head + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n"))
        .error()).isNull();
    Wire.Result result = Wire.feed(limits, Wire.bytes(head + "5\r\n01234\r\n6\r\n"));
    assertThat(result.error().status()).isEqualTo(413);
    assertThat(result.error().getMessage()).contains("max-body-size");
  }

  @Test
  void rejectsChunkDataLongerThanItsSize() {
    assertThat(reject(POST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n")
        .getMessage()).contains("past its size");
    assertThat(reject(POST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n").status())
        .isEqualTo(400);
  }

  @Test
  void boundsTheChunkSizeLine() {
    HttpLimits limits = new HttpLimits(17, 1024, 10, 100); // "POST /p HTTP/1.1" and CR fit
    String head = POST + "Transfer-Encoding: chunked\r\n\r\n";

    assertThat(Wire.feed(limits, Wire.bytes(head + "0000000000000005\r\nhello\r\n0\r\n\r\n"))
        .error()).isNull();
    assertThat(Wire.reject(limits, Wire.bytes(head + "00000000000000005\r\nhello\r\n0\r\n\r\n"))
        .getMessage()).contains("chunk-size line");
    assertThat(Wire.reject(limits, Wire.bytes(head + "5;" + "a".repeat(100))).status())
        .isEqualTo(400);
  }

  @Test
  void aBodilessRequestEndsAtItsHead() {
    List<Wire.Message> messages = parse("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
        + "DELETE /b HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(messages).extracting(m -> m.head().target()).containsExactly("/a", "/b");
    assertThat(messages).allSatisfy(m -> assertThat(m.body()).isEmpty());
  }
}
