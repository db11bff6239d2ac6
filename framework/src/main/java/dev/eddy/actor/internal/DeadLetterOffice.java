package dev.eddy.actor.internal;

import dev.eddy.actor.ActorConfig;
import dev.eddy.actor.ActorPath;
import dev.eddy.actor.DeadLetter;
import dev.eddy.actor.DeadLetters;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, logs (rate-limited) and publishes dead letters. The rate limit is a fixed window of
 * {@code log-interval}: the first {@code log-max} are logged, the rest counted and summed up in
 * the next window's first line. Approximate under races (a few more or fewer lines), never
 * blocking.
 *
 * <p>A {@link DeadLetter} that is itself undeliverable (a listener forwarded it to an actor that
 * has stopped too) is suppressed: not counted, logged or published again, as Akka's {@code
 * DeadLetterSuppression}; otherwise such a listener would feed itself forever.
 *
 * <p>Listeners run on the thread that found the letter, never under an actor's lock. A listener
 * that throws is logged and the others still run; a fatal error (see {@link Failures}) is
 * rethrown.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class DeadLetterOffice implements DeadLetters {

  private static final Logger log = LoggerFactory.getLogger("dev.eddy.actor.DeadLetters");

  private final LongAdder count = new LongAdder();
  private final LongAdder suppressed = new LongAdder();
  private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
  private final AtomicInteger loggedInWindow = new AtomicInteger();
  private final CopyOnWriteArrayList<Consumer<? super DeadLetter>> listeners =
      new CopyOnWriteArrayList<>();
  private final int logMax;
  private final long intervalNanos;

  DeadLetterOffice(ActorConfig config) {
    this.logMax = config.deadLetterLogMax();
    this.intervalNanos = config.deadLetterLogInterval().toNanos();
  }

  void publish(Object message, ActorCell<?> recipient, String reason) {
    publish(message, recipient.path(), reason);
  }

  void publish(Object message, ActorPath recipient, String reason) {
    if (message instanceof DeadLetter) {
      log.debug("Dropped a dead letter that was sent to {}, which is dead too: {}", recipient,
          message);
      return;
    }
    count.increment();
    logRateLimited(message, recipient, reason);
    if (!listeners.isEmpty()) {
      DeadLetter letter = new DeadLetter(message, recipient, reason);
      for (Consumer<? super DeadLetter> l : listeners) {
        try {
          l.accept(letter);
        } catch (Throwable e) {
          if (Failures.isFatal(e)) {
            throw e;
          }
          log.warn("dead letter listener {} threw", l, e);
        }
      }
    }
  }

  private void logRateLimited(Object message, ActorPath recipient, String reason) {
    if (!log.isInfoEnabled() || logMax == 0) {
      return;
    }
    long now = System.nanoTime();
    long start = windowStart.get();
    if (now - start > intervalNanos && windowStart.compareAndSet(start, now)) {
      loggedInWindow.set(0);
      long missed = suppressed.sumThenReset();
      if (missed > 0) {
        log.info("{} more dead letters were not logged (eddy.actor.dead-letters.log-max)", missed);
      }
    }
    if (loggedInWindow.incrementAndGet() <= logMax) {
      // The line is about the recipient: its path in the MDC, as on its own lines (the sender's,
      // if an actor sent it, is put back after).
      String outer = ActorMdc.enter(recipient.toString());
      try {
        log.info("Dead letter to {} ({}): {}", recipient, reason, message);
      } finally {
        ActorMdc.exit(outer);
      }
    } else {
      suppressed.increment();
    }
  }

  @Override
  public long count() {
    return count.sum();
  }

  @Override
  public AutoCloseable subscribe(Consumer<? super DeadLetter> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
