package dev.eddy.samples.chat;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The chat room: an actor that numbers the posted messages, keeps the last {@code historySize} of
 * them, and hands each new one to every subscriber. A subscriber that joins first gets the recent
 * messages it has not seen, so a page opened (or reconnected) mid-conversation is not blank.
 *
 * <p>The state needs no locks: the actor handles one message at a time. Subscribers are called
 * from the room's turn, so {@link Subscriber#deliver} must not block (an SSE send only queues).
 */
public final class Room extends Actor<Room.Command> {

  /** What the room understands. */
  public sealed interface Command permits Join, Leave, Post, CountSubscribers {}

  /**
   * Adds {@code subscriber} and replays to it the kept messages with an id above {@code afterId}
   * (0 for all of them; a reconnecting browser's {@code Last-Event-ID} otherwise).
   */
  public record Join(Subscriber subscriber, long afterId) implements Command {}

  /** Removes {@code subscriber} (the same instance that joined); unknown ones are ignored. */
  public record Leave(Subscriber subscriber) implements Command {}

  /** A new message, already validated. */
  public record Post(String author, String text) implements Command {}

  /** Asks how many subscribers the room has: for tests and monitoring. */
  public record CountSubscribers(ActorRef<Integer> replyTo) implements Command {}

  /**
   * Where the room sends messages: one per open event stream. Compared by identity, so keep the
   * instance that joined to leave.
   */
  @FunctionalInterface
  public interface Subscriber {

    /** Takes one message; called on the room's turn, so it must return without blocking. */
    void deliver(ChatMessage message);

    /** The room is stopping: end the stream (the browser will reconnect to the next instance). */
    default void close() {}
  }

  private final int historySize;
  private final ArrayDeque<ChatMessage> history;
  private final Set<Subscriber> subscribers = new LinkedHashSet<>();
  private long lastId;

  /**
   * A room that keeps the last {@code historySize} messages.
   *
   * @throws IllegalArgumentException if {@code historySize} is not positive
   */
  public Room(int historySize) {
    if (historySize < 1) {
      throw new IllegalArgumentException("historySize " + historySize + ": expected 1 or more");
    }
    this.historySize = historySize;
    this.history = new ArrayDeque<>(historySize);
  }

  @Override
  protected void receive(Command command) {
    if (command instanceof Join join) {
      for (ChatMessage m : history) {
        if (m.id() > join.afterId() && !deliver(join.subscriber(), m)) {
          return;
        }
      }
      subscribers.add(join.subscriber());
    } else if (command instanceof Leave leave) {
      subscribers.remove(leave.subscriber());
    } else if (command instanceof Post post) {
      ChatMessage m = new ChatMessage(++lastId, post.author(), post.text(),
          System.currentTimeMillis());
      if (history.size() == historySize) {
        history.removeFirst();
      }
      history.addLast(m);
      // A copy: deliver() may drop a failing subscriber while we iterate.
      for (Subscriber s : new ArrayList<>(subscribers)) {
        deliver(s, m);
      }
    } else if (command instanceof CountSubscribers count) {
      count.replyTo().tell(subscribers.size());
    }
  }

  /**
   * Hands {@code m} to {@code s}; a subscriber that throws is dropped (and closed) rather than
   * allowed to fail the room, whose restart would lose the history of everyone else.
   */
  private boolean deliver(Subscriber s, ChatMessage m) {
    try {
      s.deliver(m);
      return true;
    } catch (RuntimeException e) {
      context().log().warn("Dropping subscriber {}: delivery of message {} failed", s, m.id(), e);
      subscribers.remove(s);
      s.close();
      return false;
    }
  }

  @Override
  protected void postStop() {
    // Open event streams would hold the HTTP server's graceful shutdown until its deadline.
    List<Subscriber> open = new ArrayList<>(subscribers);
    subscribers.clear();
    open.forEach(Subscriber::close);
  }
}
