package dev.eddy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.http.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds bytes to a {@link ResponseParser} as a client would (direct buffers scribbled over after
 * each call), then ends the input, and collects the final responses, checking the event order.
 */
final class ResponseWire {

  static final HttpLimits LIMITS = new HttpLimits(8192, 16384, 100, 10 << 20);

  /** One parsed final response, with the interim heads before it. */
  record Message(List<Integer> interim, ResponseHead head, byte[] body, Headers trailers) {
    String bodyText() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  /** The responses completed before the input ran out or failed, and the failure, if any. */
  record Result(List<Message> messages, HttpParseException error) {}

  private ResponseWire() {}

  static Result feed(String method, byte[] input, int... cuts) {
    return feed(LIMITS, method, input, cuts);
  }

  /** Feeds {@code input} cut at the ascending offsets {@code cuts}, then ends the input. */
  static Result feed(HttpLimits limits, String method, byte[] input, int... cuts) {
    ResponseParser parser = new ResponseParser(limits);
    parser.expectResponseTo(method);
    List<Message> messages = new ArrayList<>();
    List<Integer> interim = new ArrayList<>();
    ResponseHead[] head = new ResponseHead[1];
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int from = 0;
    int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
    ends[cuts.length] = input.length;
    try {
      for (int end : ends) {
        ByteBuffer lent = ByteBuffer.allocateDirect(end - from);
        lent.put(input, from, end - from).flip();
        for (boolean more = true; more; ) {
          MessageParser.Event event = parser.next(lent);
          more = collect(parser, event, interim, head, body, messages);
        }
        lent.clear();
        while (lent.hasRemaining()) {
          lent.put((byte) 'X');
        }
        from = end;
      }
      if (!parser.idle()) {
        collect(parser, parser.endOfInput(), interim, head, body, messages);
      }
    } catch (HttpParseException e) {
      return new Result(messages, e);
    }
    return new Result(messages, null);
  }

  private static boolean collect(ResponseParser parser, MessageParser.Event event,
      List<Integer> interim, ResponseHead[] head, ByteArrayOutputStream body,
      List<Message> messages) {
    switch (event) {
      case NEED_MORE -> {
        return false;
      }
      case HEAD -> {
        assertThat(head[0]).as("HEAD inside a message").isNull();
        if (parser.head().interim()) {
          interim.add(parser.head().status());
        } else {
          head[0] = parser.head();
          body.reset();
        }
      }
      case BODY -> {
        assertThat(head[0]).as("BODY outside a message").isNotNull();
        ByteBuffer slice = parser.body();
        assertThat(slice.hasRemaining()).as("empty BODY").isTrue();
        byte[] copy = new byte[slice.remaining()];
        slice.get(copy);
        body.writeBytes(copy);
      }
      case END -> {
        assertThat(head[0]).as("END outside a message").isNotNull();
        messages.add(new Message(List.copyOf(interim), head[0], body.toByteArray(),
            parser.trailers()));
        interim.clear();
        head[0] = null;
      }
    }
    return true;
  }
}
