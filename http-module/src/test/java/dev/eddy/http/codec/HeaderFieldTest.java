package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static dev.eddy.http.codec.Wire.parseOne;
import static dev.eddy.http.codec.Wire.reject;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderFieldTest {

  private static RequestHead head(String fields) {
    return parseOne("GET / HTTP/1.1\r\n" + fields + "\r\n").head();
  }

  @Test
  void keepsOrderNamesAsSentAndRepeats() {
    Headers fields = head("Host: x\r\nx-ONE: 1\r\nAccept: a\r\nX-One: 2\r\n").headers();

    assertThat(fields.size()).isEqualTo(4);
    assertThat(fields.name(1)).isEqualTo("x-ONE");
    assertThat(fields.name(3)).isEqualTo("X-One");
    assertThat(fields.get("x-one")).isEqualTo("1");
    assertThat(fields.all("X-ONE")).containsExactly("1", "2");
    assertThat(fields.contains("accept")).isTrue();
    assertThat(fields.get("missing")).isNull();
    assertThat(fields.all("missing")).isEmpty();
  }

  @Test
  void sharesTheNameStringOfCommonFieldsSpelledAsUsual() {
    Headers fields = head("Host: x\r\nUser-Agent: u\r\nuser-agent: v\r\n").headers();

    assertThat(fields.name(0)).isSameAs(head("Host: y\r\n").headers().name(0));
    assertThat(fields.name(1)).isSameAs(head("Host: y\r\nUser-Agent: w\r\n").headers().name(1));
    assertThat(fields.name(2)).isEqualTo("user-agent");
  }

  @Test
  void stripsOptionalWhitespaceAroundValuesOnly() {
    Headers fields = head("Host: x\r\nA:\t v  a l \t\r\nB:\r\nC:   \r\n").headers();

    assertThat(fields.get("A")).isEqualTo("v  a l");
    assertThat(fields.get("B")).isEmpty();
    assertThat(fields.get("C")).isEmpty();
  }

  @Test
  void keepsObsTextInValuesAsLatin1() {
    assertThat(head("Host: x\r\nA: caf\u00e9\r\n").headers().get("A")).isEqualTo("caf\u00e9");
  }

  @Test
  void rejectsWhitespaceBeforeTheColon() {
    HttpParseException e = reject("GET / HTTP/1.1\r\nHost : x\r\n\r\n");

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("\"Host\"").contains("colon");
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\r\nA\t: b\r\n\r\n").status()).isEqualTo(400);
  }

  @Test
  void rejectsObsFold() {
    HttpParseException e = reject("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n");

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("obs-fold");
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n\tc\r\n\r\n").status())
        .isEqualTo(400);
  }

  @Test
  void rejectsWhitespaceBeforeTheFirstField() {
    assertThat(reject("GET / HTTP/1.1\r\n Host: x\r\n\r\n").status()).isEqualTo(400);
  }

  @Test
  void rejectsAFieldLineWithoutColon() {
    HttpParseException e = reject("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n");

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("\"NoColon\"").contains("no colon");
  }

  @ParameterizedTest
  @ValueSource(strings = {"A(b: c", "A/b: c", "\"A\": c", ": c", "A\u0000: c", "\u00e9: c",
      "A@: c", "[A]: c", "A{}: c"})
  void rejectsNamesThatAreNotTokens(String line) {
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\r\n" + line + "\r\n\r\n").status())
        .isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\u001f", "\u007f",
      "\r", "\n"})
  void rejectsControlBytesInValues(String control) {
    HttpParseException e = reject("GET / HTTP/1.1\r\nHost: x\r\nA: a" + control + "b\r\n\r\n");

    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void namesTheFieldAndByteOfABadValue() {
    HttpParseException e = reject("GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n");

    assertThat(e.getMessage()).contains("\"X-Bad\"").contains("0x00");
  }

  @Test
  void acceptsHtabInValues() {
    assertThat(head("Host: x\r\nA: a\tb\r\n").headers().get("A")).isEqualTo("a\tb");
  }

  @Test
  void rejectsBareLfEndingAFieldAndTheSection() {
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\nA: b\r\n\r\n").getMessage()).contains("LF");
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\r\n\n").status()).isEqualTo(400);
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\r\n\rX").status()).isEqualTo(400);
  }

  @Test
  void requiresExactlyOneHostOnHttp11() {
    assertThat(reject("GET / HTTP/1.1\r\n\r\n").getMessage()).contains("missing Host");
    assertThat(reject("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n").getMessage())
        .contains("duplicate Host");
    assertThat(reject("GET / HTTP/1.1\r\nhost: a\r\nHOST: b\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n").status()).isEqualTo(400);
  }

  @Test
  void acceptsHostForms() {
    assertThat(head("Host: example.com:8080\r\n").headers().get("host"))
        .isEqualTo("example.com:8080");
    assertThat(head("Host: [::1]:80\r\n").headers().get("host")).isEqualTo("[::1]:80");
    assertThat(head("Host:\r\n").headers().get("host")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a/b", "a@b", "a\\b", "a\"b", "a?b", "a#b"})
  void rejectsInvalidHostValues(String host) {
    assertThat(reject("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status()).isEqualTo(400);
  }

  @Test
  void keepsHttp11AliveUnlessConnectionClose() {
    assertThat(head("Host: x\r\n").keepAlive()).isTrue();
    assertThat(head("Host: x\r\nConnection: close\r\n").keepAlive()).isFalse();
    assertThat(head("Host: x\r\nConnection: Upgrade, CLOSE\r\n").keepAlive()).isFalse();
    assertThat(head("Host: x\r\nConnection: keep-alive\r\nConnection: close\r\n").keepAlive())
        .isFalse();
    assertThat(head("Host: x\r\nConnection: closed\r\n").keepAlive()).isTrue();
  }

  @Test
  void keepsHttp10AliveOnlyWithKeepAlive() {
    assertThat(parseOne("GET / HTTP/1.0\r\n\r\n").head().keepAlive()).isFalse();
    assertThat(parseOne("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").head().keepAlive())
        .isTrue();
    assertThat(parseOne("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").head()
        .keepAlive()).isFalse();
  }

  @Test
  void flagsExpectContinueOnHttp11Only() {
    assertThat(head("Host: x\r\nExpect: 100-continue\r\n").expectContinue()).isTrue();
    assertThat(head("Host: x\r\nexpect: 100-Continue\r\n").expectContinue()).isTrue();
    assertThat(head("Host: x\r\n").expectContinue()).isFalse();
    assertThat(parseOne("GET / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n").head()
        .expectContinue()).isFalse();
  }

  @Test
  void answersAnExpectationOtherThan100ContinueWith417() {
    HttpParseException e = reject("GET / HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n");

    assertThat(e.status()).isEqualTo(417);
    assertThat(e.getMessage()).contains("something-else").contains("100-continue");
    assertThat(reject("PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue, x\r\n"
        + "Content-Length: 1\r\n\r\na").status()).isEqualTo(417);
    assertThat(reject("GET / HTTP/1.0\r\nExpect: 200-ok\r\n\r\n").status()).isEqualTo(417);
  }

  @Test
  void answersTooManyFieldsWith431() {
    HttpLimits limits = new HttpLimits(64, 4096, 3, 100);
    String three = "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n";
    String four = "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";

    assertThat(Wire.feed(limits, Wire.bytes(three)).error()).isNull();
    HttpParseException e = Wire.reject(limits, Wire.bytes(four));
    assertThat(e.status()).isEqualTo(431);
    assertThat(e.getMessage()).contains("max-headers");
  }

  @Test
  void answersATooLargeHeaderSectionWith431() {
    HttpLimits limits = new HttpLimits(64, 21, 10, 100);
    String fits = "GET / HTTP/1.1\r\nHost: x\r\nA: 12345\r\n\r\n"; // 9 + 10 + 2 bytes
    String over = "GET / HTTP/1.1\r\nHost: x\r\nA: 123456\r\n\r\n";

    assertThat(Wire.feed(limits, Wire.bytes(fits)).error()).isNull();
    HttpParseException e = Wire.reject(limits, Wire.bytes(over));
    assertThat(e.status()).isEqualTo(431);
    assertThat(e.getMessage()).contains("max-header-bytes");
  }

  @Test
  void answersAHugeFieldLineWith431WithoutBufferingIt() {
    String huge = "GET / HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(1 << 20) + "\r\n\r\n";

    assertThat(reject(huge).status()).isEqualTo(431);
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\r\n" + "N".repeat(1 << 20) + ": v\r\n\r\n")
        .status()).isEqualTo(431);
  }
}
