package dev.eddy.time;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The failure of a stage that did not complete within its limit. A {@link TimeoutException} so
 * that code handling the JDK's timeouts handles Eddy's too; the message names the limit (and, when
 * the caller gave one, what timed out).
 */
public final class TimeoutExceededException extends TimeoutException {

  private static final long serialVersionUID = 1L;

  private final transient Duration limit;

  /**
   * @param what what timed out, for the message (e.g. {@code "ask to /user/counter"}); may be null
   * @param limit the limit that was exceeded
   */
  public TimeoutExceededException(String what, Duration limit) {
    super((what == null ? "timed out" : what + " timed out") + " after " + limit);
    this.limit = limit;
  }

  /** The limit that was exceeded. */
  public Duration limit() {
    return limit;
  }
}
