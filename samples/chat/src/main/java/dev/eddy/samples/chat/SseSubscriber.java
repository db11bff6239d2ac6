package dev.eddy.samples.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.eddy.http.Sse;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Room.Subscriber} that sends each message as one server-sent event: the message's id as
 * the event id, its JSON as the data.
 *
 * <p>The room must not wait for a client, so {@code deliver} does not wait for the send; instead
 * it counts the sends not yet buffered by the connection. A client that falls more than {@code
 * maxPendingEvents} behind is disconnected (its browser reconnects with {@code Last-Event-ID} and
 * gets what it missed from the history) rather than letting its queue grow without bound.
 *
 * <p>Thread-safety: {@code deliver} and {@code close} are called by the room; the count is also
 * changed by the connection's worker as sends complete.
 */
final class SseSubscriber implements Room.Subscriber {

  private static final Logger log = LoggerFactory.getLogger(SseSubscriber.class);

  private final Sse sse;
  private final ObjectWriter json;
  private final int maxPendingEvents;
  private final AtomicInteger pending = new AtomicInteger();

  SseSubscriber(Sse sse, ObjectWriter json, int maxPendingEvents) {
    this.sse = sse;
    this.json = json;
    this.maxPendingEvents = maxPendingEvents;
  }

  @Override
  public void deliver(ChatMessage message) {
    if (sse.isClosed()) {
      return; // the room hears of it through whenClosed() in a moment
    }
    if (pending.incrementAndGet() > maxPendingEvents) {
      pending.decrementAndGet();
      log.info("Closing an event stream {} events behind", maxPendingEvents);
      sse.close();
      return;
    }
    String data;
    try {
      data = json.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("message " + message.id() + " is not serializable", e);
    }
    // A failed send means the client went away: whenClosed() tells the room.
    sse.send(Long.toString(message.id()), null, data)
        .whenComplete((sent, failure) -> pending.decrementAndGet());
  }

  @Override
  public void close() {
    sse.close();
  }
}
