package dev.eddy.samples.chat;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import java.time.Duration;

/**
 * The chat's settings, from the {@code chat} section of {@code application.conf} (defaults in the
 * sample's own {@code application.conf}; {@code -Dchat.history=200} overrides one).
 *
 * @param history messages the room keeps and replays to a new subscriber
 * @param maxAuthorLength longest author name, in characters
 * @param maxTextLength longest message text, in characters
 * @param maxPendingEvents events a client may fall behind before it is disconnected
 * @param shutdownGrace how long requests in flight get at shutdown
 */
public record ChatSettings(int history, int maxAuthorLength, int maxTextLength,
    int maxPendingEvents, Duration shutdownGrace) {

  /** Checks the ranges, so that a bad setting stops start-up with its name. */
  public ChatSettings {
    positive("chat.history", history);
    positive("chat.max-author-length", maxAuthorLength);
    positive("chat.max-text-length", maxTextLength);
    positive("chat.max-pending-events", maxPendingEvents);
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("chat.shutdown-grace = " + shutdownGrace
          + ": expected zero or more");
    }
  }

  /** The settings of this process ({@link EddyConfig#load()}). */
  public static ChatSettings load() {
    return from(EddyConfig.load());
  }

  /** The settings in {@code config}'s {@code chat} section. */
  public static ChatSettings from(Config config) {
    Config chat = config.getConfig("chat");
    return new ChatSettings(chat.getInt("history"), chat.getInt("max-author-length"),
        chat.getInt("max-text-length"), chat.getInt("max-pending-events"),
        chat.getDuration("shutdown-grace"));
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " = " + value + ": expected 1 or more");
    }
  }
}
