package dev.eddy.actor;

import java.util.Objects;

/**
 * How to run a new actor, beside its factory: its {@link Supervision} and its {@link Mailbox}.
 * Immutable; each {@code with} returns a changed copy. Pekko's {@code Props}.
 *
 * <pre>{@code
 * Props props = Props.defaults()
 *     .withSupervision(Supervision.restart().withBackoff(ofMillis(100), ofSeconds(10)))
 *     .withMailbox(Mailbox.bounded(1_000, OverflowPolicy.DROP_OLDEST));
 * }</pre>
 */
public final class Props {

  private static final Props DEFAULTS = new Props(Supervision.restart(), Mailbox.unbounded());

  private final Supervision supervision;
  private final Mailbox mailbox;

  private Props(Supervision supervision, Mailbox mailbox) {
    this.supervision = supervision;
    this.mailbox = mailbox;
  }

  /** Restart on failure (with the configured limit), unbounded mailbox. */
  public static Props defaults() {
    return DEFAULTS;
  }

  /** A copy with {@code supervision}. */
  public Props withSupervision(Supervision supervision) {
    return new Props(Objects.requireNonNull(supervision, "supervision"), mailbox);
  }

  /** A copy with {@code mailbox}. */
  public Props withMailbox(Mailbox mailbox) {
    return new Props(supervision, Objects.requireNonNull(mailbox, "mailbox"));
  }

  /** The supervision strategy. */
  public Supervision supervision() {
    return supervision;
  }

  /** The mailbox kind. */
  public Mailbox mailbox() {
    return mailbox;
  }

  @Override
  public String toString() {
    return "Props[" + supervision + ", " + mailbox + "]";
  }
}
