package dev.eddy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The parser gives the same messages however the bytes are cut into reads. */
class IncrementalTest {

  static final List<String> VALID = Corpus.VALID;

  @ParameterizedTest
  @FieldSource("VALID")
  void parsesTheSameWhenSplitAtEveryOffset(String request) {
    byte[] wire = Wire.bytes(request);
    String whole = render(Wire.feed(Wire.LIMITS, wire));

    for (int cut = 1; cut < wire.length; cut++) {
      assertThat(render(Wire.feed(Wire.LIMITS, wire, cut))).as("cut at %d", cut)
          .isEqualTo(whole);
    }
  }

  @ParameterizedTest
  @FieldSource("VALID")
  void parsesTheSameWhenSplitAtEveryPairOfOffsets(String request) {
    byte[] wire = Wire.bytes(request);
    String whole = render(Wire.feed(Wire.LIMITS, wire));

    for (int first = 1; first < wire.length; first += 3) {
      for (int second = first + 1; second < wire.length; second += 5) {
        assertThat(render(Wire.feed(Wire.LIMITS, wire, first, second)))
            .as("cut at %d and %d", first, second).isEqualTo(whole);
      }
    }
  }

  @ParameterizedTest
  @FieldSource("VALID")
  void parsesTheSameByteByByte(String request) {
    byte[] wire = Wire.bytes(request);

    assertThat(render(Wire.byteByByte(Wire.LIMITS, wire)))
        .isEqualTo(render(Wire.feed(Wire.LIMITS, wire)));
  }

  @Test
  void parsesEveryRequestOfTheCorpusPipelinedInOneBuffer() {
    String all = String.join("", VALID);
    Wire.Result result = Wire.feed(Wire.LIMITS, Wire.bytes(all));

    assertThat(result.error()).isNull();
    assertThat(result.messages()).hasSize(VALID.size() + 2); // one entry holds three requests
    assertThat(render(Wire.byteByByte(Wire.LIMITS, Wire.bytes(all)))).isEqualTo(render(result));
  }

  @Test
  void stopsAtEachEventSoTheServerCanPauseAndResume() throws HttpParseException {
    RequestParser parser = new RequestParser(Wire.LIMITS);
    ByteBuffer in = ByteBuffer.wrap(Wire.bytes("POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2"
        + "\r\n\r\nokGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"));

    assertThat(parser.next(in)).isEqualTo(RequestParser.Event.HEAD);
    int afterHead = in.position();
    assertThat(in.get(afterHead)).isEqualTo((byte) 'o');
    // Paused: the server keeps the rest and feeds it later, from a copy.
    ByteBuffer rest = ByteBuffer.allocate(in.remaining()).put(in).flip();
    assertThat(parser.next(rest)).isEqualTo(RequestParser.Event.BODY);
    assertThat(parser.body().remaining()).isEqualTo(2);
    assertThat(parser.next(rest)).isEqualTo(RequestParser.Event.END);
    assertThat(parser.next(rest)).isEqualTo(RequestParser.Event.HEAD);
    assertThat(parser.head().target()).isEqualTo("/2");
    assertThat(parser.next(rest)).isEqualTo(RequestParser.Event.END);
    assertThat(parser.next(rest)).isEqualTo(RequestParser.Event.NEED_MORE);
  }

  @Test
  void slicesBodiesOutOfTheInputWithoutCopying() throws HttpParseException {
    RequestParser parser = new RequestParser(Wire.LIMITS);
    ByteBuffer in = ByteBuffer.wrap(Wire.bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3"
        + "\r\n\r\nabc"));

    parser.next(in);
    assertThat(parser.next(in)).isEqualTo(RequestParser.Event.BODY);
    in.put(in.limit() - 3, (byte) 'Z');
    assertThat(parser.body().get(0)).isEqualTo((byte) 'Z');
  }

  @Test
  void reportsIdleOnlyBetweenRequests() throws HttpParseException {
    RequestParser parser = new RequestParser(Wire.LIMITS);
    assertThat(parser.idle()).isTrue();

    parser.next(ByteBuffer.wrap(Wire.bytes("GET / HT")));
    assertThat(parser.idle()).isFalse();
    parser.next(ByteBuffer.wrap(Wire.bytes("TP/1.1\r\nHost: x\r\n\r\n")));
    assertThat(parser.idle()).isFalse(); // head delivered, END not yet
    assertThat(parser.next(ByteBuffer.allocate(0))).isEqualTo(RequestParser.Event.END);
    assertThat(parser.idle()).isTrue();
    parser.next(ByteBuffer.wrap(Wire.bytes("\r\n")));
    assertThat(parser.idle()).isFalse();
  }

  @Test
  void failsAtTheSameByteHoweverTheInputIsCut() {
    byte[] wire = Wire.bytes("GET / HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n");
    String whole = Wire.feed(Wire.LIMITS, wire).error().getMessage();

    for (int cut = 1; cut < wire.length; cut++) {
      assertThat(Wire.feed(Wire.LIMITS, wire, cut).error().getMessage()).isEqualTo(whole);
    }
    assertThat(Wire.byteByByte(Wire.LIMITS, wire).error().getMessage()).isEqualTo(whole);
  }

  /** A comparable rendering of everything the parser produced. */
  static String render(Wire.Result result) {
    StringBuilder out = new StringBuilder();
    for (Wire.Message m : result.messages()) {
      out.append(m.head()).append(" body=").append(m.bodyText()).append(" trailers=")
          .append(m.trailers()).append('\n');
    }
    return out.append(result.error()).toString();
  }
}
