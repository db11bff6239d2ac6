package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any valid request, however it is laid out on the wire and cut into reads, parses back to what
 * was sent; any other input fails with {@link HttpParseException} and nothing else, at the same
 * place whether it arrives whole or byte by byte.
 */
class RequestParserProperties {

  private static final String TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz"
      + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String PATH_CHARS = "abcXYZ019-._~!$&'()*+,;=:@/?%";
  private static final List<String> INTERPRETED =
      List.of("host", "content-length", "transfer-encoding", "connection", "expect");

  /** A field as the test's own encoder sends it. */
  record Field(String name, String value) {}

  /** A request as generated; {@code seed} drives the wire layout (whitespace, chunking). */
  record Request(String method, String target, HttpVersion version, List<Field> fields,
      BodyFraming framing, byte[] body, List<Field> trailers, long seed) {

    BodyFraming sentFraming() {
      return framing == BodyFraming.CHUNKED && version == HttpVersion.HTTP_1_0
          ? BodyFraming.LENGTH : framing;
    }
  }

  @Property(tries = 400)
  void validRequestsRoundTripHoweverTheyAreCut(
      @ForAll @Size(min = 1, max = 4) List<@From("requests") Request> pipeline,
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 2000) Integer> cuts) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (Request request : pipeline) {
      wire.writeBytes(encode(request));
    }
    byte[] bytes = wire.toByteArray();

    Wire.Result result = Wire.feed(Wire.LIMITS, bytes, offsets(cuts, bytes.length));

    assertThat(result.error()).as("error").isNull();
    assertThat(result.messages()).hasSize(pipeline.size());
    for (int i = 0; i < pipeline.size(); i++) {
      assertMatches(result.messages().get(i), pipeline.get(i));
    }
  }

  @Property(tries = 300)
  void arbitraryBytesFailOnlyWithParseExceptionsAndAlikeWholeOrByteByByte(
      @ForAll("httpish") byte[] input) {
    assertSameWholeAndByteByByte(input);
  }

  @Property(tries = 300)
  void mutatedValidRequestsFailOnlyWithParseExceptionsAndAlikeWholeOrByteByByte(
      @ForAll @IntRange(min = 0, max = 10) int which,
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 255) Integer> bytes,
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 10_000) Integer> places,
      @ForAll @IntRange(min = 0, max = 2) int operation) {
    String base = Corpus.VALID.get(which % Corpus.VALID.size());
    StringBuilder mutated = new StringBuilder(base);
    for (int i = 0; i < Math.min(bytes.size(), places.size()); i++) {
      int at = places.get(i) % (mutated.length() + 1);
      char c = (char) bytes.get(i).intValue();
      switch (operation) {
        case 0 -> mutated.insert(at, c);
        case 1 -> mutated.replace(at, Math.min(at + 1, mutated.length()), String.valueOf(c));
        default -> mutated.delete(at, Math.min(at + 1, mutated.length()));
      }
    }
    assertSameWholeAndByteByByte(Wire.bytes(mutated.toString()));
  }

  private static void assertSameWholeAndByteByByte(byte[] input) {
    HttpLimits small = new HttpLimits(64, 128, 8, 64);
    for (HttpLimits limits : List.of(Wire.LIMITS, small)) {
      String whole = IncrementalTest.render(Wire.feed(limits, input));
      assertThat(IncrementalTest.render(Wire.byteByByte(limits, input))).isEqualTo(whole);
    }
  }

  @Provide
  Arbitrary<byte[]> httpish() {
    List<Byte> alphabet = new ArrayList<>();
    for (byte b : Wire.bytes("GET POST / HTTP/1.1 1.0\r\n\r\n\r\n: ;=,\t\"\\Host: x "
        + "Content-Length: 5 Transfer-Encoding: chunked 0123456789abcdefABCDEF\u0000\u007f\u00ff"
        + "*")) {
      alphabet.add(b);
    }
    Arbitrary<Byte> interesting = Arbitraries.of(alphabet);
    Arbitrary<Byte> any = Arbitraries.bytes();
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, interesting), net.jqwik.api.Tuple.of(1, any))
        .array(byte[].class).ofMaxSize(200)
        .map(tail -> {
          byte[] prefix = Wire.bytes("POST / HTTP/1.1\r\nHost: x\r\n");
          byte[] joined = new byte[prefix.length + tail.length];
          System.arraycopy(prefix, 0, joined, 0, prefix.length);
          System.arraycopy(tail, 0, joined, prefix.length, tail.length);
          return tail.length % 2 == 0 ? joined : tail;
        });
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> methods = Arbitraries.oneOf(
        Arbitraries.of(Methods.GET, Methods.POST, Methods.PUT, Methods.DELETE, Methods.PATCH),
        tokens(12));
    Arbitrary<String> targets = Arbitraries.strings().withChars(PATH_CHARS).ofMaxLength(40)
        .map(path -> "/" + path);
    Arbitrary<Field> field = Combinators.combine(
            tokens(20).filter(n -> !INTERPRETED.contains(n.toLowerCase(java.util.Locale.ROOT))),
            values())
        .as(Field::new);
    return Combinators.combine(methods, targets, Arbitraries.of(HttpVersion.class),
            field.list().ofMaxSize(10),
            // CLOSE is for responses only
            Arbitraries.of(BodyFraming.NONE, BodyFraming.LENGTH, BodyFraming.CHUNKED),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300), field.list().ofMaxSize(3),
            Arbitraries.longs())
        .as(Request::new);
  }

  private static Arbitrary<String> tokens(int maxLength) {
    return Arbitraries.strings().withChars(TCHARS).ofMinLength(1).ofMaxLength(maxLength);
  }

  private static Arbitrary<String> values() {
    return Arbitraries.strings().withCharRange('!', '~').withCharRange('\u0080', '\u00ff')
        .withChars(' ', '\t').ofMaxLength(30).map(RequestParserProperties::trim);
  }

  private static String trim(String value) {
    int from = 0;
    int to = value.length();
    while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
      to--;
    }
    return value.substring(from, to);
  }

  /** The test's own encoder: varies what RFC 9112 lets vary, from the request's seed. */
  static byte[] encode(Request r) {
    Random random = new Random(r.seed());
    StringBuilder head = new StringBuilder();
    head.append("\r\n".repeat(random.nextInt(8) == 0 ? 1 : 0));
    head.append(r.method()).append(' ').append(r.target()).append(' ').append(r.version())
        .append("\r\n");
    head.append("Host:").append(ows(random)).append("example.com").append(ows(random))
        .append("\r\n");
    for (Field f : r.fields()) {
      head.append(f.name()).append(':').append(ows(random)).append(f.value())
          .append(ows(random)).append("\r\n");
    }
    if (r.sentFraming() == BodyFraming.LENGTH) {
      head.append("Content-Length: ").append(r.body().length).append("\r\n");
    } else if (r.sentFraming() == BodyFraming.CHUNKED) {
      head.append(random.nextBoolean() ? "Transfer-Encoding: chunked\r\n"
          : "transfer-encoding:CHUNKED \r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Wire.bytes(head.toString()));
    if (r.sentFraming() == BodyFraming.LENGTH) {
      out.writeBytes(r.body());
    } else if (r.sentFraming() == BodyFraming.CHUNKED) {
      int at = 0;
      while (at < r.body().length) {
        int size = 1 + random.nextInt(Math.min(r.body().length - at, 100));
        String hex = Integer.toHexString(size);
        out.writeBytes(Wire.bytes("0".repeat(random.nextInt(3))
            + (random.nextBoolean() ? hex : hex.toUpperCase(java.util.Locale.ROOT))
            + extension(random) + "\r\n"));
        out.write(r.body(), at, size);
        out.writeBytes(Wire.bytes("\r\n"));
        at += size;
      }
      StringBuilder last = new StringBuilder("0").append(extension(random)).append("\r\n");
      for (Field f : r.trailers()) {
        last.append(f.name()).append(':').append(ows(random)).append(f.value()).append("\r\n");
      }
      out.writeBytes(Wire.bytes(last.append("\r\n").toString()));
    }
    return out.toByteArray();
  }

  private static String ows(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> "";
      case 1 -> " ";
      case 2 -> "\t";
      default -> "  \t ";
    };
  }

  private static String extension(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> ";name";
      case 1 -> ";n=v";
      case 2 -> " ; n = \"q \\\" ; x\"";
      default -> "";
    };
  }

  private static void assertMatches(Wire.Message m, Request r) {
    RequestHead head = m.head();
    assertThat(head.method()).isEqualTo(r.method());
    assertThat(head.target()).isEqualTo(r.target());
    assertThat(head.version()).isEqualTo(r.version());
    assertThat(head.framing()).isEqualTo(r.sentFraming());
    Headers fields = head.headers();
    assertThat(fields.name(0)).isEqualTo("Host");
    assertThat(fields.value(0)).isEqualTo("example.com");
    for (int i = 0; i < r.fields().size(); i++) {
      assertThat(fields.name(i + 1)).isEqualTo(r.fields().get(i).name());
      assertThat(fields.value(i + 1)).isEqualTo(r.fields().get(i).value());
    }
    boolean framed = r.sentFraming() != BodyFraming.NONE;
    assertThat(fields.size()).isEqualTo(1 + r.fields().size() + (framed ? 1 : 0));
    assertThat(m.body()).isEqualTo(framed ? r.body() : new byte[0]);
    List<Field> trailers = new ArrayList<>();
    for (int i = 0; i < m.trailers().size(); i++) {
      trailers.add(new Field(m.trailers().name(i), m.trailers().value(i)));
    }
    assertThat(trailers).isEqualTo(r.sentFraming() == BodyFraming.CHUNKED ? r.trailers()
        : List.of());
  }

  private static int[] offsets(List<Integer> cuts, int length) {
    return cuts.stream().mapToInt(c -> c % Math.max(1, length)).filter(c -> c > 0).sorted()
        .distinct().toArray();
  }
}
