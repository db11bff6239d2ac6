package dev.eddy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The response parser: framing rules, interim responses, errors, and every split of the input. */
class ResponseParserTest {

  static final List<String> VALID = List.of(
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n6\r\n world\r\n"
          + "0\r\nX-Sum: 1\r\n\r\n",
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
      "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
      "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n",
      "HTTP/1.0 200 OK\r\n\r\nuntil the connection closes",
      "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 404\r\ncontent-length: 3\r\n\r\nno!",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB");

  @ParameterizedTest
  @FieldSource("VALID")
  void parsesTheSameWhenSplitAtEveryOffset(String response) {
    byte[] wire = response.getBytes(StandardCharsets.ISO_8859_1);
    ResponseWire.Result whole = ResponseWire.feed("GET", wire);
    assertThat(whole.error()).as("error").isNull();

    for (int cut = 1; cut < wire.length; cut++) {
      assertThat(render(ResponseWire.feed("GET", wire, cut))).as("cut at %d", cut)
          .isEqualTo(render(whole));
    }
    int[] every = new int[wire.length - 1];
    for (int i = 0; i < every.length; i++) {
      every[i] = i + 1;
    }
    assertThat(render(ResponseWire.feed("GET", wire, every))).isEqualTo(render(whole));
  }

  @Test
  void readsLengthChunkedAndTrailers() {
    ResponseWire.Message chunked = one(VALID.get(1));

    assertThat(chunked.head().status()).isEqualTo(200);
    assertThat(chunked.head().framing()).isEqualTo(BodyFraming.CHUNKED);
    assertThat(chunked.bodyText()).isEqualTo("hello world");
    assertThat(chunked.trailers().get("x-sum")).isEqualTo("1");
    assertThat(chunked.head().keepAlive()).isTrue();
  }

  @Test
  void skipsInterimResponsesAndKeepsTheirStatus() {
    ResponseWire.Message created = one(VALID.get(2));

    assertThat(created.interim()).containsExactly(100);
    assertThat(created.head().status()).isEqualTo(201);
    assertThat(created.bodyText()).isEqualTo("ok");
  }

  @Test
  void readsNoBodyAfter204And304AndHead() {
    assertThat(one(VALID.get(3)).body()).isEmpty();
    assertThat(one(VALID.get(4)).head().framing()).isEqualTo(BodyFraming.NONE);

    ResponseWire.Result head = ResponseWire.feed("HEAD",
        bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"));
    assertThat(head.error()).isNull();
    assertThat(head.messages()).singleElement().satisfies(m -> assertThat(m.body()).isEmpty());
  }

  @Test
  void readsACloseDelimitedBodyToTheEndOfInputAndDoesNotReuseTheConnection() {
    ResponseWire.Message m = one(VALID.get(5));

    assertThat(m.head().framing()).isEqualTo(BodyFraming.CLOSE);
    assertThat(m.head().keepAlive()).isFalse();
    assertThat(m.bodyText()).isEqualTo("until the connection closes");
  }

  @Test
  void acceptsAnEmptyOrMissingReasonPhrase() {
    assertThat(one(VALID.get(6)).head().reason()).isEmpty();
    assertThat(one(VALID.get(7)).head().status()).isEqualTo(404);
  }

  @Test
  void honoursConnectionClose() {
    assertThat(one("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        .head().keepAlive()).isFalse();
    assertThat(one("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
        .head().keepAlive()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/1.1 20 OK\r\n\r\n",
      "HTTP/1.1 2000 OK\r\n\r\n",
      "HTTP/1.1 099 Low\r\n\r\n",
      "HTTP/1.1 abc OK\r\n\r\n",
      "HTTP/2 200 OK\r\n\r\n",
      "ICY 200 OK\r\n\r\n",
      "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\n Folded: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
  })
  void rejectsMalformedResponses(String response) {
    ResponseWire.Result result = ResponseWire.feed("GET", bytes(response));

    assertThat(result.error()).as("error for %s", response).isNotNull();
    assertThat(result.messages()).isEmpty();
  }

  @Test
  void reportsTruncatedBodiesInsteadOfEndingThem() {
    ResponseWire.Result byLength = ResponseWire.feed("GET",
        bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"));
    ResponseWire.Result byChunks = ResponseWire.feed("GET",
        bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
    ResponseWire.Result inHead = ResponseWire.feed("GET", bytes("HTTP/1.1 200 OK\r\nConte"));

    assertThat(byLength.error()).hasMessageContaining("5 body bytes still missing");
    assertThat(byLength.messages()).isEmpty();
    assertThat(byChunks.error()).hasMessageContaining("chunked body, after 5 body bytes");
    assertThat(inHead.error()).hasMessageContaining("header section");
  }

  @Test
  void enforcesHeadLimits() {
    HttpLimits small = new HttpLimits(32, 64, 2, 100);

    assertThat(ResponseWire.feed(small, "GET", bytes("HTTP/1.1 200 " + "x".repeat(40)
        + "\r\n\r\n")).error()).hasMessageContaining("max-status-line");
    assertThat(ResponseWire.feed(small, "GET", bytes("HTTP/1.1 200 OK\r\nA: "
        + "y".repeat(80) + "\r\n\r\n")).error()).hasMessageContaining("max-header-bytes");
    assertThat(ResponseWire.feed(small, "GET", bytes("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n"
        + "C: 3\r\n\r\n")).error()).hasMessageContaining("max-headers");
    assertThat(ResponseWire.feed(small, "GET", bytes("HTTP/1.1 200 OK\r\nContent-Length: "
        + "101\r\n\r\n")).error().status()).isEqualTo(413);
  }

  @Test
  void aDeadParserRepeatsItsError() throws Exception {
    ResponseParser parser = new ResponseParser(ResponseWire.LIMITS);
    parser.expectResponseTo("GET");
    HttpParseException first = org.assertj.core.api.Assertions.catchThrowableOfType(
        HttpParseException.class, () -> parser.next(java.nio.ByteBuffer.wrap(bytes("XTTP\r\n"))));

    assertThat(first).isNotNull();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(parser::endOfInput))
        .isSameAs(first);
  }

  private static ResponseWire.Message one(String response) {
    ResponseWire.Result result = ResponseWire.feed("GET", bytes(response));
    assertThat(result.error()).as("error").isNull();
    assertThat(result.messages()).hasSize(1);
    return result.messages().get(0);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String render(ResponseWire.Result result) {
    StringBuilder out = new StringBuilder();
    for (ResponseWire.Message m : result.messages()) {
      out.append(m.interim()).append(' ').append(m.head()).append(" body=").append(m.bodyText())
          .append(" trailers=").append(m.trailers()).append('\n');
    }
    return out.append(result.error()).toString();
  }
}
