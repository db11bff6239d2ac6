package dev.eddy.http.codec;

import static dev.eddy.http.codec.Wire.parse;
import static dev.eddy.http.codec.Wire.reject;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request smuggling and other hostile input: each case is a way two HTTP implementations have
 * disagreed on where a request ends (PortSwigger's and Kettle's catalogues, CVEs of Node, Netty,
 * Puma, Apache). Every one must be refused, never parsed into a different request boundary.
 */
class SmugglingTest {

  private static final String POST = "POST / HTTP/1.1\r\nHost: x\r\n";
  private static final String SMUGGLED = "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  void rejectsContentLengthWithTransferEncoding() {
    HttpParseException e = reject(POST + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\n\r\n" + SMUGGLED);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("both Content-Length and Transfer-Encoding");
    assertThat(reject(POST + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n").status())
        .isEqualTo(400);
  }

  @Test
  void rejectsTransferEncodingHiddenByObsFold() {
    assertThat(reject(POST + "Content-Length: 4\r\nTransfer-Encoding:\r\n chunked\r\n\r\n")
        .status()).isEqualTo(400);
    assertThat(reject(POST + "Content-Length: 4\r\nTransfer-Encoding: x\r\n chunked\r\n\r\n")
        .getMessage()).contains("obs-fold");
    assertThat(reject(POST + "X: y\r\n Transfer-Encoding: chunked\r\n\r\n").status())
        .isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunked, identity", "chunked, chunked", "chunked,gzip", "identity",
      "gzip", "chunked;q=1", ", chunked", "chunked,", "\"chunked\"", "chunked x", "", "xchunked",
      "chunked\u000b"})
  void rejectsTransferEncodingsWhereChunkedIsNotTheOnlyFinalCoding(String value) {
    assertThat(reject(POST + "Transfer-Encoding: " + value + "\r\n\r\n0\r\n\r\n").status())
        .isEqualTo(400);
  }

  @Test
  void rejectsChunkedFollowedByAnotherCodingInALaterField() {
    assertThat(reject(POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n")
        .getMessage()).contains("final coding");
  }

  @Test
  void answersUnimplementedCodingsBeforeChunkedWith501() {
    HttpParseException e = reject(POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");

    assertThat(e.status()).isEqualTo(501);
    assertThat(e.getMessage()).contains("\"gzip\"");
    assertThat(reject(POST + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n")
        .status()).isEqualTo(501);
  }

  @Test
  void rejectsTransferEncodingOnHttp10() {
    HttpParseException e = reject("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("HTTP/1.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+5", "-5", "5 5", "0x5", "5\u0000", "\u000b5"})
  void rejectsContentLengthsOtherParsersReadDifferently(String value) {
    assertThat(reject(POST + "Content-Length: " + value + "\r\n\r\nhello" + SMUGGLED).status())
        .isEqualTo(400);
  }

  @Test
  void acceptsOptionalWhitespaceBeforeAContentLengthButNotAFoldedOne() {
    assertThat(parse(POST + "Content-Length:   5\r\n\r\nhello")).hasSize(1);
    assertThat(reject(POST + "Content-Length:\r\n 5\r\n\r\nhello").status()).isEqualTo(400);
  }

  @Test
  void rejectsDuplicateDifferingContentLengths() {
    assertThat(reject(POST + "Content-Length: 0\r\nContent-Length: 41\r\n\r\n" + SMUGGLED)
        .status()).isEqualTo(400);
    assertThat(reject(POST + "Content-Length: 0, 41\r\n\r\n" + SMUGGLED).status())
        .isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "x5", " 5", "+5", ";5", "0x5", "ffffffffffffffffff",
      "8000000000000000", "\u00005"})
  void rejectsBadChunkSizes(String size) {
    String wire = POST + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\nhello\r\n0\r\n\r\n";

    assertThat(reject(wire).status()).isIn(400, 413);
  }

  @Test
  void rejectsAnOverflowingChunkSizeAs400() {
    String wire = POST + "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n";

    assertThat(reject(wire).getMessage()).contains("overflows");
  }

  @Test
  void rejectsLfOnlyChunkLinesThatOtherParsersAccept() {
    assertThat(reject(POST + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n").status())
        .isEqualTo(400);
    assertThat(reject(POST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\n\n").status())
        .isEqualTo(400);
  }

  @Test
  void rejectsNulBareCrAndSpaceBeforeColonAnywhereInTheHead() {
    assertThat(reject("GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\u0000\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject("GET / HTTP/1.1\r\nHo\u0000st: x\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n").status()).isEqualTo(400);
    assertThat(reject("GET / HTTP/1.1\r\nTransfer-Encoding : chunked\r\nHost: x\r\n\r\n")
        .status()).isEqualTo(400);
  }

  @Test
  void rejectsHugeLinesWithTheirLimitStatus() {
    assertThat(reject("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\n\r\n").status())
        .isEqualTo(414);
    assertThat(reject("GET / HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(100_000) + "\r\n\r\n")
        .status()).isEqualTo(431);
    assertThat(reject("GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(101) + "Host: x\r\n\r\n")
        .status()).isEqualTo(431);
  }

  @Test
  void keepsRequestBoundariesOfAValidPipelineExact() {
    String first = POST + "Content-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED;

    assertThat(parse(first + SMUGGLED)).extracting(m -> m.head().target())
        .containsExactly("/", "/admin");
  }

  @Test
  void rejectsAnAbsoluteFormTargetWhoseAuthorityIsNotTheHost() {
    HttpParseException e =
        reject("GET http://evil.example/x HTTP/1.1\r\nHost: good.example\r\n\r\n");

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("evil.example").contains("good.example");
    assertThat(reject("GET http://a.example:8080/ HTTP/1.1\r\nHost: a.example\r\n\r\n")
        .status()).isEqualTo(400);
    assertThat(reject("GET http://user@a.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n")
        .status()).isEqualTo(400);
    assertThat(parse("GET http://A.Example:8080/x?y HTTP/1.1\r\nHost: a.example:8080\r\n\r\n"
        + "GET https://a.example HTTP/1.1\r\nHost: a.example\r\n\r\n")).hasSize(2);
  }
}
