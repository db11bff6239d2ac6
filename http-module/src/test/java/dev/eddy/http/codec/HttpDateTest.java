package dev.eddy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HttpDateTest {

  /** A clock the test moves by hand. */
  private static final class StepClock extends Clock {
    final AtomicLong millis = new AtomicLong();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  void formatsImfFixdateWithLeadingZeros() {
    HttpDate date =
        new HttpDate(Clock.fixed(Instant.parse("2024-03-05T01:02:03Z"), ZoneOffset.UTC));

    assertThat(date.value()).isEqualTo("Tue, 05 Mar 2024 01:02:03 GMT");
  }

  @Test
  void reusesTheLineWithinASecondAndRenewsItAfter() {
    StepClock clock = new StepClock();
    clock.millis.set(Instant.parse("2024-03-05T01:02:03Z").toEpochMilli());
    HttpDate date = new HttpDate(clock);

    byte[] first = date.line();
    clock.millis.addAndGet(999);
    assertThat(date.line()).isSameAs(first);
    clock.millis.addAndGet(1);
    assertThat(date.value()).isEqualTo("Tue, 05 Mar 2024 01:02:04 GMT");
    clock.millis.addAndGet(Duration.ofDays(366).toMillis());
    assertThat(date.value()).isEqualTo("Thu, 06 Mar 2025 01:02:04 GMT");
  }

  @Test
  void systemDateIsAWellFormedLine() {
    assertThat(new String(HttpDate.SYSTEM.line(), java.nio.charset.StandardCharsets.US_ASCII))
        .matches("Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n");
  }
}
