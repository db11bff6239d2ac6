package dev.eddy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any response the server's encoder writes parses back to what was written however it is cut;
 * any request the client's encoder writes parses back through the server's parser; arbitrary
 * bytes fail only with {@link HttpParseException}.
 */
class ResponseParserProperties {

  record Field(String name, String value) {}

  record Response(int status, List<Field> fields, boolean chunked, byte[] body, boolean close) {}

  record Request(String method, String target, List<Field> fields, boolean chunked, byte[] body) {}

  @Property(tries = 300)
  void encodedResponsesRoundTripHoweverTheyAreCut(@ForAll("responses") Response r,
      @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 3000) Integer> cuts) {
    ResponseEncoder encoder = new ResponseEncoder(HttpDate.SYSTEM, "eddy");
    encoder.status(r.status());
    for (Field f : r.fields()) {
      encoder.header(f.name(), f.value());
    }
    boolean bodiless = r.status() < 200 || r.status() == 204 || r.status() == 304;
    byte[] body = bodiless ? new byte[0] : r.body();
    encoder.endHead(bodiless ? ResponseEncoder.NO_BODY
        : r.chunked() ? ResponseEncoder.CHUNKED : body.length, r.close());
    if (r.chunked() && !bodiless) {
      for (int i = 0; i < body.length; i += 7) {
        encoder.chunk(ByteBuffer.wrap(body, i, Math.min(7, body.length - i)));
      }
      encoder.lastChunk();
    } else {
      encoder.body(body);
    }
    ByteBuffer drained = encoder.drain();
    byte[] wire = new byte[drained.remaining()];
    drained.get(wire);

    ResponseWire.Result result = ResponseWire.feed("GET", wire, offsets(cuts, wire.length));

    assertThat(result.error()).as("error").isNull();
    if (r.status() < 200) {
      assertThat(result.messages()).isEmpty(); // an interim head alone is no message
      return;
    }
    assertThat(result.messages()).hasSize(1);
    ResponseWire.Message m = result.messages().get(0);
    assertThat(m.head().status()).isEqualTo(r.status());
    assertThat(m.body()).isEqualTo(body);
    assertThat(m.head().keepAlive()).isEqualTo(!r.close());
    for (Field f : r.fields()) {
      assertThat(m.head().headers().all(f.name())).contains(f.value().strip());
    }
  }

  @Property(tries = 300)
  void encodedRequestsRoundTripThroughTheServerParser(@ForAll("requests") Request r) {
    RequestEncoder encoder = new RequestEncoder();
    encoder.start(r.method(), r.target(), "example.com:8080");
    for (Field f : r.fields()) {
      encoder.header(f.name(), f.value());
    }
    encoder.endHead(r.chunked() ? RequestEncoder.CHUNKED : r.body().length, false, false);
    if (r.chunked()) {
      encoder.chunk(ByteBuffer.wrap(r.body()));
      encoder.lastChunk();
    } else {
      encoder.body(r.body());
    }
    ByteBuffer drained = encoder.drain();
    byte[] wire = new byte[drained.remaining()];
    drained.get(wire);

    Wire.Result result = Wire.feed(Wire.LIMITS, wire);

    assertThat(result.error()).as("error").isNull();
    assertThat(result.messages()).hasSize(1);
    Wire.Message m = result.messages().get(0);
    assertThat(m.head().method()).isEqualTo(r.method());
    assertThat(m.head().target()).isEqualTo(r.target());
    assertThat(m.head().headers().get("Host")).isEqualTo("example.com:8080");
    assertThat(m.body()).isEqualTo(r.body());
  }

  @Property(tries = 500)
  void arbitraryBytesFailOnlyWithParseExceptions(@ForAll("httpish") byte[] input,
      @ForAll boolean head) {
    // ResponseWire.feed lets nothing but HttpParseException out; anything else fails the test.
    ResponseWire.Result whole = ResponseWire.feed(head ? "HEAD" : "GET", input);
    int[] every = new int[Math.max(0, input.length - 1)];
    for (int i = 0; i < every.length; i++) {
      every[i] = i + 1;
    }
    ResponseWire.Result split = ResponseWire.feed(head ? "HEAD" : "GET", input, every);
    assertThat(split.messages().size()).isEqualTo(whole.messages().size());
    assertThat(split.error() == null).isEqualTo(whole.error() == null);
  }

  @Provide
  Arbitrary<Response> responses() {
    return Combinators.combine(
        Arbitraries.integers().between(100, 599).filter(s -> s != 101),
        fields().list().ofMaxSize(8), Arbitraries.of(true, false),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(400), Arbitraries.of(true, false))
        .as(Response::new);
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> methods = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "X-MINE");
    Arbitrary<String> targets = Arbitraries.strings().withChars("abcXYZ019-._~!$&'()*+,;=:@/?%")
        .ofMaxLength(40).map(s -> "/" + s);
    return Combinators.combine(methods, targets, fields().list().ofMaxSize(8),
        Arbitraries.of(true, false), Arbitraries.bytes().array(byte[].class).ofMaxSize(400))
        .as(Request::new);
  }

  private Arbitrary<Field> fields() {
    Arbitrary<String> names = Arbitraries.strings().withChars("abcdefghijXYZ-_!#0123456789")
        .ofMinLength(1).ofMaxLength(12).filter(n -> !List.of("host", "content-length",
            "transfer-encoding", "connection", "expect", "date", "server")
            .contains(n.toLowerCase(java.util.Locale.ROOT)));
    Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withChars('\t')
        .ofMaxLength(30).map(String::strip);
    return Combinators.combine(names, values).as(Field::new);
  }

  @Provide
  Arbitrary<byte[]> httpish() {
    Arbitrary<String> pieces = Arbitraries.of("HTTP/1.1 ", "HTTP/1.0 ", "200 ", "100 ", "204",
        "304 OK", "OK", "\r\n", "\r", "\n", " ", ":", "Content-Length: ", "Transfer-Encoding: ",
        "chunked", "0", "5", "ffffffffffffffffff", ";", "=", "abc", "\t", "\0", "Connection: ");
    return pieces.list().ofMaxSize(30).map(l -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      l.forEach(p -> out.writeBytes(p.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
      return out.toByteArray();
    }).injectDuplicates(0.05);
  }

  private static int[] offsets(List<Integer> cuts, int length) {
    return new TreeSet<>(cuts).stream().filter(c -> c < length).mapToInt(Integer::intValue)
        .toArray();
  }

}
