package dev.eddy.testkit;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorConfig;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.ActorSystem;
import dev.eddy.runtime.Runtime;
import dev.eddy.time.TestClock;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts an {@link ActorSystem} before the first test of a class and
 * closes it after the last. Pekko's {@code TestKitJunitResource}.
 *
 * <pre>{@code
 * class CounterTest {
 *   @RegisterExtension
 *   static final ActorTestKit testKit = ActorTestKit.withManualTime();
 *
 *   @Test
 *   void ticks() {
 *     TestProbe<String> probe = testKit.createTestProbe();
 *     testKit.spawn(() -> new Ticker(probe.ref()), "ticker");
 *     probe.expectMessage("started");      // the actor has set its timer: time may move
 *     testKit.manualTime().advance(Duration.ofSeconds(1));
 *     probe.expectMessage("tick");
 *   }
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field with {@code @RegisterExtension} (as above), or with
 * {@code @ExtendWith(ActorTestKit.class)} and take the {@link ActorSystem}, {@link ActorTestKit}
 * or {@link ManualTime} as a test method parameter. The system is named after the test class;
 * it owns its runtime (built from the process's configuration, with a {@link TestClock} for
 * manual time).
 *
 * <p>Thread-safety: for the test thread; the system itself is thread-safe.
 */
public final class ActorTestKit implements BeforeAllCallback, AfterAllCallback,
    ParameterResolver {

  private final boolean manual;
  private volatile ActorSystem system;
  private volatile Runtime runtime;
  private volatile ManualTime manualTime;

  /** Real time; what {@code @ExtendWith(ActorTestKit.class)} uses. */
  public ActorTestKit() {
    this(false);
  }

  private ActorTestKit(boolean manual) {
    this.manual = manual;
  }

  /** A test kit on real time. */
  public static ActorTestKit create() {
    return new ActorTestKit(false);
  }

  /** A test kit whose time moves only through {@link #manualTime()}. */
  public static ActorTestKit withManualTime() {
    return new ActorTestKit(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String name = context.getRequiredTestClass().getSimpleName().replaceAll("[^A-Za-z0-9-]", "-");
    Runtime.Builder builder = Runtime.builder();
    if (manual) {
      TestClock clock = new TestClock();
      builder.clock(clock);
      manualTime = new ManualTime(clock);
    }
    runtime = builder.build();
    system = ActorSystem.create(name, runtime, ActorConfig.load());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ActorSystem s = system;
    Runtime r = runtime;
    system = null;
    runtime = null;
    try {
      if (s != null) {
        s.close();
      }
    } finally {
      if (r != null) {
        r.close();
      }
    }
  }

  /**
   * The system of the running test class.
   *
   * @throws IllegalStateException outside the test class's lifetime
   */
  public ActorSystem system() {
    ActorSystem s = system;
    if (s == null) {
      throw new IllegalStateException("no ActorSystem: the test kit starts one before the first "
          + "test of its class (register it on a static field with @RegisterExtension)");
    }
    return s;
  }

  /**
   * The manual clock.
   *
   * @throws IllegalStateException if this kit runs on real time
   */
  public ManualTime manualTime() {
    if (!manual) {
      throw new IllegalStateException("this test kit runs on real time; use "
          + "ActorTestKit.withManualTime()");
    }
    system(); // started?
    return manualTime;
  }

  /** A new probe in this kit's system. */
  public <M> TestProbe<M> createTestProbe() {
    return TestProbe.create(system());
  }

  /** Spawns a top-level actor in this kit's system. */
  public <M> ActorRef<M> spawn(Supplier<? extends Actor<M>> factory, String name) {
    return system().spawn(factory, name);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ActorSystem.class || type == ActorTestKit.class
        || (type == ManualTime.class && manual);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == ActorSystem.class) {
      return system();
    }
    if (type == ManualTime.class) {
      return manualTime();
    }
    return this;
  }
}
