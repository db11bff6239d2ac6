package dev.eddy.http.codec;

import static dev.eddy.http.codec.Wire.parseOne;
import static dev.eddy.http.codec.Wire.reject;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestLineTest {

  @Test
  void parsesMethodTargetAndVersion() {
    RequestHead head = parseOne("GET /a/b?c=d&e HTTP/1.1\r\nHost: x\r\n\r\n").head();

    assertThat(head.method()).isSameAs(Methods.GET);
    assertThat(head.target()).isEqualTo("/a/b?c=d&e");
    assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(head.framing()).isEqualTo(BodyFraming.NONE);
    assertThat(head.hasBody()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"})
  void standardMethodsAreSharedConstants(String method) throws Exception {
    String name = new String(method.toCharArray()); // not the literal, so identity means interned
    RequestHead head = parseOne(name + " / HTTP/1.1\r\nHost: x\r\n\r\n").head();

    assertThat(head.method()).isSameAs(Methods.class.getField(method).get(null));
  }

  @Test
  void extensionMethodsAreAnyToken() {
    assertThat(parseOne("PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n").head().method())
        .isEqualTo("PROPFIND");
    assertThat(parseOne("M-SEARCH /x HTTP/1.1\r\nHost: x\r\n\r\n").head().method())
        .isEqualTo("M-SEARCH");
  }

  @Test
  void methodsAreCaseSensitive() {
    RequestHead head = parseOne("get / HTTP/1.1\r\nHost: x\r\n\r\n").head();

    assertThat(head.method()).isEqualTo("get").isNotSameAs(Methods.GET);
  }

  @ParameterizedTest
  @ValueSource(strings = {"G(T / HTTP/1.1", "GE\"T / HTTP/1.1", " GET / HTTP/1.1",
      "@ / HTTP/1.1", "GET\t/ HTTP/1.1", "GET\u0000 / HTTP/1.1"})
  void rejectsMethodsThatAreNotTokens(String line) {
    assertThat(reject(line + "\r\nHost: x\r\n\r\n").status()).isEqualTo(400);
  }

  @Test
  void acceptsTheFourTargetForms() {
    assertThat(parseOne("GET http://example.com/x?y HTTP/1.1\r\nHost: example.com\r\n\r\n")
        .head().target()).isEqualTo("http://example.com/x?y");
    assertThat(parseOne("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
        .head().target()).isEqualTo("example.com:443");
    assertThat(parseOne("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").head().target()).isEqualTo("*");
    assertThat(parseOne("GET /%20x HTTP/1.1\r\nHost: x\r\n\r\n").head().target())
        .isEqualTo("/%20x");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET * HTTP/1.1", // asterisk-form is for OPTIONS
      "GET x HTTP/1.1",
      "GET ?q HTTP/1.1",
      "CONNECT /x HTTP/1.1",
      "CONNECT example.com HTTP/1.1",
      "CONNECT example.com: HTTP/1.1",
      "CONNECT http://example.com:80/ HTTP/1.1",
      "GET /a b HTTP/1.1", // whitespace inside the target
      "GET /a\tb HTTP/1.1",
      "GET /\u0001 HTTP/1.1",
      "GET /\u007f HTTP/1.1",
      "GET /\u00e9 HTTP/1.1", // non-ASCII must be percent-encoded
      "GET  / HTTP/1.1", // two spaces
      "GET / HTTP/1.1 ", // trailing space
      "GET /", // HTTP/0.9 style: no version
      "GET / ",
  })
  void rejectsBadTargetsAndSeparators(String line) {
    HttpParseException e = reject(line + "\r\nHost: x\r\n\r\n");

    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void namesTheBadTargetInTheReason() {
    assertThat(reject("GET * HTTP/1.1\r\nHost: x\r\n\r\n").getMessage())
        .contains("\"*\"").contains("OPTIONS");
    assertThat(reject("GET /a\u0001 HTTP/1.1\r\n\r\n").getMessage())
        .contains("\"/a\"").contains("0x01");
  }

  @Test
  void acceptsHttp10WithoutHost() {
    RequestHead head = parseOne("GET / HTTP/1.0\r\n\r\n").head();

    assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_0);
    assertThat(head.keepAlive()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/3.0", "HTTP/9.9"})
  void answersWellFormedUnsupportedVersionsWith505(String version) {
    HttpParseException e = reject("GET / " + version + "\r\nHost: x\r\n\r\n");

    assertThat(e.status()).isEqualTo(505);
    assertThat(e.getMessage()).contains(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http/1.1", "HTTP/1", "HTTP/1.1.1", "HTTP/11", "HTTP/1.x", "HTTP 1.1",
      "HTTP/10.0", "XTTP/1.1", "HTTP/1.1x"})
  void answersMalformedVersionsWith400(String version) {
    assertThat(reject("GET / " + version + "\r\nHost: x\r\n\r\n").status()).isEqualTo(400);
  }

  @Test
  void toleratesEmptyLinesBeforeTheRequestLine() {
    assertThat(parseOne("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").head().target())
        .isEqualTo("/");
  }

  @Test
  void rejectsBareLineEndsAroundTheRequestLine() {
    assertThat(reject("\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject("\rGET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject("GET / HTTP/1.1\nHost: x\r\n\r\n").getMessage()).contains("LF");
    assertThat(reject("GET / HTTP/1.1\rHost: x\r\n\r\n").getMessage()).contains("CR");
  }

  @Test
  void answersALongRequestLineWith414() {
    HttpLimits limits = new HttpLimits(32, 1024, 10, 100);
    String ok = "GET /" + "a".repeat(15) + " HTTP/1.1"; // 30 bytes with its CR
    String tooLong = "GET /" + "a".repeat(18) + " HTTP/1.1";

    assertThat(Wire.feed(limits, Wire.bytes(ok + "\r\nHost: x\r\n\r\n")).error()).isNull();
    HttpParseException e = Wire.reject(limits, Wire.bytes(tooLong + "\r\nHost: x\r\n\r\n"));
    assertThat(e.status()).isEqualTo(414);
    assertThat(e.getMessage()).contains("max-request-line");
  }

  @Test
  void countsLeadingEmptyLinesAgainstTheRequestLineLimit() {
    HttpLimits limits = new HttpLimits(32, 1024, 10, 100);

    assertThat(Wire.reject(limits, Wire.bytes("\r\n".repeat(17))).status()).isEqualTo(414);
  }
}
