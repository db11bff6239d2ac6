package dev.eddy.http.codec;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header line of responses (RFC 9110 §6.6.1, IMF-fixdate), formatted at most
 * once per second and shared.
 *
 * <p>Thread-safety: any thread may call {@link #line()}. The cached line sits in an immutable
 * holder published through a volatile field; two threads that see a new second at once may both
 * format it, and either result is right.
 */
public final class HttpDate {

  /** The system clock's date, for every encoder of the process. */
  public static final HttpDate SYSTEM = new HttpDate(Clock.systemUTC());

  // Not DateTimeFormatter.RFC_1123_DATE_TIME: it drops the leading zero of the day.
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private record Cached(long second, byte[] line) {}

  private final Clock clock;
  private volatile Cached cached = new Cached(Long.MIN_VALUE, new byte[0]);

  /** Dates from {@code clock}; tests pass a fixed or stepped one. */
  public HttpDate(Clock clock) {
    this.clock = clock;
  }

  /** {@code Date: Sun, 06 Nov 1994 08:49:37 GMT} and CRLF, as bytes; do not modify them. */
  byte[] line() {
    long second = Math.floorDiv(clock.millis(), 1000);
    Cached current = cached;
    if (current.second != second) {
      String text = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(second)) + "\r\n";
      current = new Cached(second, text.getBytes(StandardCharsets.US_ASCII));
      cached = current;
    }
    return current.line;
  }

  /** The current value of the header, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  public String value() {
    byte[] line = line();
    return new String(line, 6, line.length - 8, StandardCharsets.US_ASCII);
  }
}
