package dev.eddy.sync;

/**
 * An operation needed an open channel and found it closed: a {@link Channel} send after (or
 * waiting across) {@link Channel#close()}, or a {@link Oneshot} whose sender closed it without a
 * value. The message says what was attempted and on which channel.
 *
 * <p>Unchecked because it shows up as the failure of a {@link java.util.concurrent.CompletionStage}
 * far more often than as a thrown exception.
 */
public class ChannelClosedException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what was attempted, on which channel (for example its capacity)
   */
  public ChannelClosedException(String message) {
    super(message);
  }
}
