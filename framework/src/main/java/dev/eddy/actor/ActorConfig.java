package dev.eddy.actor;

import static dev.eddy.config.Settings.requireArg;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.Settings;
import java.time.Duration;

/**
 * The settings of an {@link ActorSystem}, read from {@code eddy.actor} (see the framework's {@code
 * reference.conf} for each key's meaning and default). Immutable; the {@code with} methods return
 * changed copies, so any value can also be set in code:
 * {@code ActorSystem.create("app", runtime, ActorConfig.load().withThroughput(16))}.
 *
 * @param throughput messages an actor handles per turn before it yields its worker, at least 1
 * @param shutdownTimeout how long {@link ActorSystem#close()} waits for every actor to stop
 * @param stashCapacity most messages one actor may stash, at least 1
 * @param maxRestarts default restart limit of {@link Supervision#restart()}, at least 0
 * @param restartWindow the window of that limit, positive
 * @param deadLetterLogMax most dead letters logged per {@code deadLetterLogInterval}, 0 for none
 * @param deadLetterLogInterval the rate limit's interval, positive
 * @param fatalError what a fatal error (a {@link VirtualMachineError} other than a {@link
 *     StackOverflowError}) thrown by actor code does besides stopping that actor
 */
public record ActorConfig(
    int throughput,
    Duration shutdownTimeout,
    int stashCapacity,
    int maxRestarts,
    Duration restartWindow,
    int deadLetterLogMax,
    Duration deadLetterLogInterval,
    FatalErrorPolicy fatalError) {

  /**
   * What the actor layer does with a fatal error in actor code ({@code eddy.actor.fatal-error}).
   * Either way the error is logged once at ERROR and the actor that threw it stops (its watchers
   * and parent are told, its mail goes to dead letters); it is not supervised.
   */
  public enum FatalErrorPolicy {
    /** {@code stop-actor}: only the actor stops; the process goes on (the default). */
    STOP_ACTOR,
    /**
     * {@code exit-jvm}: the actor stops and the JVM exits with status 70 ({@code System.exit}
     * from a thread of its own, so shutdown hooks run), as Akka's {@code jvm-exit-on-fatal-error}.
     */
    EXIT_JVM
  }

  /** The settings of this process: {@code reference.conf}, {@code application.conf}, env, props. */
  public static ActorConfig load() {
    return from(EddyConfig.load());
  }

  /**
   * Reads and validates {@code eddy.actor} from {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key
   */
  public static ActorConfig from(Config config) {
    Settings s = new Settings(config, "eddy.actor");
    return new ActorConfig(
        s.intBetween("throughput", 1, 1_000_000),
        s.durationBetween("shutdown-timeout", Duration.ZERO, Duration.ofDays(1)),
        s.intBetween("stash-capacity", 1, Integer.MAX_VALUE),
        s.intBetween("supervision.max-restarts", 0, Integer.MAX_VALUE),
        s.durationBetween("supervision.within", Duration.ofMillis(1), Duration.ofDays(365)),
        s.intBetween("dead-letters.log-max", 0, Integer.MAX_VALUE),
        s.durationBetween("dead-letters.log-interval", Duration.ofMillis(1), Duration.ofDays(1)),
        s.oneOf("fatal-error", "stop-actor", "exit-jvm").equals("exit-jvm")
            ? FatalErrorPolicy.EXIT_JVM : FatalErrorPolicy.STOP_ACTOR);
  }

  /** Checks the invariants that the config reader checks, for values set in code. */
  public ActorConfig {
    requireArg(throughput >= 1, "throughput", throughput, "at least 1");
    requireArg(shutdownTimeout != null && !shutdownTimeout.isNegative(), "shutdownTimeout",
        shutdownTimeout, "not negative");
    requireArg(stashCapacity >= 1, "stashCapacity", stashCapacity, "at least 1");
    requireArg(maxRestarts >= 0, "maxRestarts", maxRestarts, "at least 0");
    requireArg(restartWindow != null && restartWindow.toNanos() > 0, "restartWindow", restartWindow,
        "positive");
    requireArg(deadLetterLogMax >= 0, "deadLetterLogMax", deadLetterLogMax, "at least 0");
    requireArg(deadLetterLogInterval != null && deadLetterLogInterval.toNanos() > 0,
        "deadLetterLogInterval", deadLetterLogInterval, "positive");
    requireArg(fatalError != null, "fatalError", fatalError, "stop-actor or exit-jvm");
  }

  /** A copy with {@code throughput}. */
  public ActorConfig withThroughput(int throughput) {
    return new ActorConfig(throughput, shutdownTimeout, stashCapacity, maxRestarts,
        restartWindow, deadLetterLogMax, deadLetterLogInterval, fatalError);
  }

  /** A copy with {@code shutdownTimeout}. */
  public ActorConfig withShutdownTimeout(Duration shutdownTimeout) {
    return new ActorConfig(throughput, shutdownTimeout, stashCapacity, maxRestarts,
        restartWindow, deadLetterLogMax, deadLetterLogInterval, fatalError);
  }

  /** A copy with {@code stashCapacity}. */
  public ActorConfig withStashCapacity(int stashCapacity) {
    return new ActorConfig(throughput, shutdownTimeout, stashCapacity, maxRestarts,
        restartWindow, deadLetterLogMax, deadLetterLogInterval, fatalError);
  }

  /** A copy with the default restart limit. */
  public ActorConfig withRestartLimit(int maxRestarts, Duration within) {
    return new ActorConfig(throughput, shutdownTimeout, stashCapacity, maxRestarts, within,
        deadLetterLogMax, deadLetterLogInterval, fatalError);
  }

  /** A copy with {@code fatalError}. */
  public ActorConfig withFatalError(FatalErrorPolicy fatalError) {
    return new ActorConfig(throughput, shutdownTimeout, stashCapacity, maxRestarts,
        restartWindow, deadLetterLogMax, deadLetterLogInterval, fatalError);
  }

}
