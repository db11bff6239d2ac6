package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test actor that hands what it receives (messages and Terminated signals) to the test thread.
 * The framework's own tests cannot use eddy-testkit (it depends on the framework), so this is
 * its small twin: waits have a deadline, never a fixed sleep.
 */
final class Inbox<M> {

  static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  final ActorRef<M> ref;

  private Inbox(ActorSystem system, String name) {
    this.ref = system.spawn(() -> new Actor<M>() {
      @Override
      protected void receive(M message) {
        received.add(message);
      }

      @Override
      protected void onSignal(Signal signal) {
        received.add(signal);
      }
    }, name);
  }

  static <M> Inbox<M> create(ActorSystem system, String name) {
    return new Inbox<>(system, name);
  }

  /** The next message or signal, failing the test after {@link #WAIT}. */
  Object next() throws InterruptedException {
    Object m = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null) {
      throw new AssertionError("no message within " + WAIT);
    }
    return m;
  }

  void expect(Object message) throws InterruptedException {
    assertThat(next()).isEqualTo(message);
  }

  /** Nothing queued right now (after the caller made sure everything that could come, came). */
  boolean isEmpty() {
    return received.isEmpty();
  }

  Object poll(Duration d) throws InterruptedException {
    return received.poll(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
