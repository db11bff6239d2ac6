package dev.eddy.testkit;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.actor.Signal;
import dev.eddy.actor.Terminated;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stand-in actor for tests: hand its {@link #ref()} to the actor under test, then assert on
 * what arrives, from the test thread. Pekko's {@code TestProbe}.
 *
 * <pre>{@code
 * TestProbe<Integer> probe = TestProbe.create(system);
 * counter.tell(new Get(probe.ref()));
 * probe.expectMessage(42);
 * }</pre>
 *
 * <p>Behind the ref is a real actor of the system, so the probe can also {@link #watch} other
 * actors. Every wait has a deadline ({@code eddy.testkit.default-timeout} unless given), after
 * which the method fails with an {@link AssertionError}; nothing sleeps.
 *
 * <p>Thread-safety: the {@code ref} may be used anywhere; the {@code expect} and {@code receive}
 * methods are for one test thread at a time.
 *
 * @param <M> the messages the probe stands in for
 */
public final class TestProbe<M> {

  /** Asks the probe actor to watch a ref; completes once it does. */
  private record WatchRequest(ActorRef<?> target, CompletableFuture<Void> done) {}

  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final ActorRef<Object> actor;
  private final TestKitSettings settings;

  private TestProbe(ActorSystem system, String name, TestKitSettings settings) {
    this.settings = settings;
    this.actor = name == null ? system.spawnAnonymous(this::newActor)
        : system.spawn(this::newActor, name);
  }

  private Actor<Object> newActor() {
    return new Actor<Object>() {
      @Override
      protected void receive(Object message) {
        if (message instanceof WatchRequest w) {
          context().watch(w.target());
          w.done().complete(null);
        } else {
          received.add(message);
        }
      }

      @Override
      protected void onSignal(Signal signal) {
        received.add(signal);
      }
    };
  }

  /** A probe with a generated name. */
  public static <M> TestProbe<M> create(ActorSystem system) {
    return new TestProbe<>(system, null, TestKitSettings.load());
  }

  /** A probe named {@code name} (a top-level actor of {@code system}). */
  public static <M> TestProbe<M> create(ActorSystem system, String name) {
    return new TestProbe<>(system, Objects.requireNonNull(name, "name"), TestKitSettings.load());
  }

  /** The ref to hand to the actor under test. */
  @SuppressWarnings("unchecked")
  public ActorRef<M> ref() {
    return (ActorRef<M>) (ActorRef<?>) actor;
  }

  /** The next message, waiting up to the default timeout. */
  public M receiveMessage() {
    return receiveMessage(settings.defaultTimeout());
  }

  /**
   * The next message, waiting up to {@code max}.
   *
   * @throws AssertionError if none arrives in time, or a signal comes instead
   */
  @SuppressWarnings("unchecked")
  public M receiveMessage(Duration max) {
    Object next = next(max, "a message");
    if (next instanceof Signal) {
      throw new AssertionError("expected a message, got signal " + next);
    }
    return (M) next;
  }

  /** Asserts that the next message equals {@code expected} (default timeout); returns it. */
  public <T extends M> T expectMessage(T expected) {
    return expectMessage(settings.defaultTimeout(), expected);
  }

  /** Asserts that the next message, within {@code max}, equals {@code expected}; returns it. */
  public <T extends M> T expectMessage(Duration max, T expected) {
    M got = receiveMessage(max);
    if (!Objects.equals(got, expected)) {
      throw new AssertionError("expected message " + expected + ", got " + got);
    }
    return expected;
  }

  /** Asserts that the next message is a {@code type} (default timeout); returns it. */
  public <T extends M> T expectMessageClass(Class<T> type) {
    M got = receiveMessage(settings.defaultTimeout());
    if (!type.isInstance(got)) {
      throw new AssertionError("expected a " + type.getName() + ", got " + got);
    }
    return type.cast(got);
  }

  /** Asserts that nothing arrives for {@code eddy.testkit.no-message-timeout}. */
  public void expectNoMessage() {
    expectNoMessage(settings.noMessageTimeout());
  }

  /**
   * Asserts that nothing arrives during {@code duration}: waits that long (real time). With
   * manual time, advance the clock first, then call this with a short duration.
   */
  public void expectNoMessage(Duration duration) {
    Object got;
    try {
      got = received.poll(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while expecting no message", e);
    }
    if (got != null) {
      throw new AssertionError("expected no message for " + duration + ", got " + got);
    }
  }

  /** Makes the probe watch {@code target}; returns once the watch is in place. */
  public void watch(ActorRef<?> target) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    actor.tell(new WatchRequest(target, done));
    try {
      done.get(settings.defaultTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while watching " + target, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the probe did not watch " + target + " within "
          + settings.defaultTimeout(), e);
    }
  }

  /**
   * Asserts that the next thing to arrive (default timeout) is the {@link Terminated} of {@code
   * target}, which the probe must {@link #watch}; returns it.
   */
  public Terminated expectTerminated(ActorRef<?> target) {
    Object next = next(settings.defaultTimeout(), "Terminated of " + target.path());
    if (next instanceof Terminated t && t.ref().equals(target)) {
      return t;
    }
    throw new AssertionError("expected Terminated of " + target.path() + ", got " + next);
  }

  private Object next(Duration max, String what) {
    try {
      Object next = received.poll(max.toNanos(), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError("timed out after " + max + " waiting for " + what);
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }
}
