package dev.eddy.http.codec;

import dev.eddy.http.Headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds bytes to a {@link RequestParser} the way a server would (pooled direct buffers, lent for
 * one call and scribbled over afterwards, so a parser that kept one would be caught) and collects
 * the messages, checking the event order as it goes.
 */
final class Wire {

  static final HttpLimits LIMITS = new HttpLimits(8192, 16384, 100, 10 << 20);

  /** One parsed request: its head, its body bytes and its trailers. */
  record Message(RequestHead head, byte[] body, Headers trailers) {
    String bodyText() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  /** The messages completed before the input ran out or failed, and the failure, if any. */
  record Result(List<Message> messages, HttpParseException error) {}

  private Wire() {}

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The complete messages of {@code text}, which must be valid; fails the test otherwise. */
  static List<Message> parse(String text) {
    Result result = feed(LIMITS, bytes(text), new int[0]);
    assertThat(result.error()).as("parse error").isNull();
    return result.messages();
  }

  /** The single message of {@code text}. */
  static Message parseOne(String text) {
    List<Message> messages = parse(text);
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  /** The error {@code text} is rejected with; fails the test if it parses. */
  static HttpParseException reject(String text) {
    return reject(LIMITS, bytes(text));
  }

  static HttpParseException reject(HttpLimits limits, byte[] input) {
    Result result = feed(limits, input, new int[0]);
    assertThat(result.error()).as("expected a parse error for %s", Ascii.show(input, 0,
        input.length)).isNotNull();
    return result.error();
  }

  /** Feeds {@code input} cut at the ascending offsets {@code cuts}, one buffer per piece. */
  static Result feed(HttpLimits limits, byte[] input, int... cuts) {
    RequestParser parser = new RequestParser(limits);
    Collector collector = new Collector();
    int from = 0;
    int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
    ends[cuts.length] = input.length;
    for (int end : ends) {
      ByteBuffer lent = ByteBuffer.allocateDirect(end - from);
      lent.put(input, from, end - from).flip();
      try {
        collector.drain(parser, lent);
      } catch (HttpParseException e) {
        HttpParseException again = catchThrowableOfType(HttpParseException.class,
            () -> parser.next(ByteBuffer.allocate(0)));
        assertThat(again).as("a dead parser repeats its error").isSameAs(e);
        return new Result(collector.messages, e);
      }
      lent.clear();
      while (lent.hasRemaining()) {
        lent.put((byte) 'X'); // the server reuses the buffer for another connection
      }
      from = end;
    }
    return new Result(collector.messages, null);
  }

  /** Feeds {@code input} one byte per buffer. */
  static Result byteByByte(HttpLimits limits, byte[] input) {
    int[] cuts = new int[Math.max(0, input.length - 1)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    return feed(limits, input, cuts);
  }

  /** Collects events into messages, asserting HEAD, BODY*, END order. */
  static final class Collector {
    final List<Message> messages = new ArrayList<>();
    private RequestHead head;
    private ByteArrayOutputStream body;

    void drain(RequestParser parser, ByteBuffer in) throws HttpParseException {
      for (;;) {
        RequestParser.Event event = parser.next(in);
        switch (event) {
          case NEED_MORE -> {
            assertThat(in.hasRemaining()).as("NEED_MORE consumes everything").isFalse();
            return;
          }
          case HEAD -> {
            assertThat(head).as("HEAD inside a message").isNull();
            head = parser.head();
            body = new ByteArrayOutputStream();
          }
          case BODY -> {
            assertThat(head).as("BODY outside a message").isNotNull();
            ByteBuffer slice = parser.body();
            assertThat(slice.hasRemaining()).as("empty BODY event").isTrue();
            byte[] copy = new byte[slice.remaining()];
            slice.get(copy);
            body.writeBytes(copy);
          }
          case END -> {
            assertThat(head).as("END outside a message").isNotNull();
            assertThat(parser.idle()).isTrue();
            messages.add(new Message(head, body.toByteArray(), parser.trailers()));
            head = null;
          }
        }
      }
    }
  }
}
