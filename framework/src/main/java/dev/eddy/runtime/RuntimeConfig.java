package dev.eddy.runtime;

import static dev.eddy.config.Settings.requireArg;

import com.typesafe.config.Config;
import dev.eddy.config.EddyConfig;
import dev.eddy.config.Settings;
import java.time.Duration;

/**
 * The settings of a {@link Runtime}, read from {@code eddy.runtime} (see the framework's {@code
 * reference.conf} for each key's meaning and default). Immutable; {@link Runtime.Builder} derives
 * a changed copy for each setter.
 *
 * @param workers worker threads, at least 1 (the config value 0 is resolved to the number of
 *     available processors)
 * @param threadNamePrefix worker thread name prefix
 * @param localQueueCapacity capacity of each worker's run queue, a power of two from 4 to 65536
 * @param globalQueueInterval ticks between forced checks of the inject queue, at least 1
 * @param maxLifoPolls consecutive polls from the LIFO slot, 0 to disable the slot
 * @param budget cooperative budget per poll, at least 1
 * @param eventInterval ticks between non-blocking polls of the I/O driver, at least 1
 * @param searchSpins extra rounds a searching worker looks for work before it parks, at least 0
 * @param shutdownTimeout default deadline of {@link Runtime#close()}
 * @param blockingMaxThreads bound on threads running blocking work, at least 1
 * @param blockingKeepAlive how long an idle blocking thread lives
 * @param blockingVirtualThreads {@code auto}, {@code on} or {@code off}
 * @param blockingThreadNamePrefix blocking thread name prefix
 * @param timerTick timer resolution, from 100µs to 1s
 * @param timerWheelSize timer wheel slots, a power of two from 16 to 65536
 * @param timerThreadName name of the thread that advances the timer wheel
 * @param shutdownJoinTimeout how long a shutdown waits for each worker, the timer and the
 *     blocking pool to stop once their tasks are aborted, from 1ms to 1 day
 * @param blockingMaxQueued bound on blocking work waiting for a thread, from 1 to 10,000,000;
 *     {@code spawnBlocking} beyond it fails with a {@link
 *     java.util.concurrent.RejectedExecutionException}
 * @param blockedWarning one poll running this long is logged at WARN and counted, {@link
 *     Duration#ZERO} for off
 * @param ioTakeoverAfter one poll running this long has the worker's selector driven by another
 *     thread until it returns, {@link Duration#ZERO} for off
 */
public record RuntimeConfig(
    int workers,
    String threadNamePrefix,
    int localQueueCapacity,
    int globalQueueInterval,
    int maxLifoPolls,
    int budget,
    int eventInterval,
    int searchSpins,
    Duration shutdownTimeout,
    int blockingMaxThreads,
    Duration blockingKeepAlive,
    String blockingVirtualThreads,
    String blockingThreadNamePrefix,
    Duration timerTick,
    int timerWheelSize,
    String timerThreadName,
    Duration shutdownJoinTimeout,
    int blockingMaxQueued,

    Duration blockedWarning,
    Duration ioTakeoverAfter) {

  private static final String POWER_OF_TWO = "a power of two from %d to %d";

  /** The settings of this process: {@code reference.conf}, {@code application.conf}, env, props. */
  public static RuntimeConfig load() {
    return from(EddyConfig.load());
  }

  /**
   * Reads and validates {@code eddy.runtime} from {@code config}.
   *
   * @throws dev.eddy.config.InvalidConfigException naming the first bad key
   */
  public static RuntimeConfig from(Config config) {
    Settings s = new Settings(config, "eddy.runtime");
    int workers = s.intBetween("workers", 0, 32_767);
    return new RuntimeConfig(
        workers == 0 ? java.lang.Runtime.getRuntime().availableProcessors() : workers,
        s.nonBlank("thread-name-prefix"),
        s.intMatching("local-queue-capacity", v -> isPowerOfTwo(v, 4, 65_536),
            String.format(POWER_OF_TWO, 4, 65_536)),
        s.intBetween("global-queue-interval", 1, 1_000_000),
        s.intBetween("max-lifo-polls", 0, 1_000),
        s.intBetween("budget", 1, 1_000_000),
        s.intBetween("event-interval", 1, 1_000_000),
        s.intBetween("search-spins", 0, 1_000_000),
        s.durationBetween("shutdown-timeout", Duration.ZERO, Duration.ofDays(1)),
        s.intBetween("blocking.max-threads", 1, 100_000),
        s.durationBetween("blocking.keep-alive", Duration.ofMillis(1), Duration.ofDays(1)),
        s.oneOf("blocking.virtual-threads", "auto", "on", "off"),
        s.nonBlank("blocking.thread-name-prefix"),
        s.durationBetween("timer.tick", Duration.ofNanos(100_000), Duration.ofSeconds(1)),
        s.intMatching("timer.wheel-size", v -> isPowerOfTwo(v, 16, 65_536),
            String.format(POWER_OF_TWO, 16, 65_536)),
        s.nonBlank("timer.thread-name"),
        s.durationBetween("shutdown-join-timeout", Duration.ofMillis(1), Duration.ofDays(1)),
        s.intBetween("blocking.max-queued", 1, 10_000_000),

        s.durationBetween("blocked-warning", Duration.ZERO, Duration.ofDays(1)),
        s.durationBetween("io-takeover-after", Duration.ZERO, Duration.ofDays(1)));
  }

  /** Checks the invariants that the config reader checks, for values set in code. */
  public RuntimeConfig {
    requireArg(workers >= 1 && workers <= 32_767, "workers", workers, "from 1 to 32767");
    requireArg(isPowerOfTwo(localQueueCapacity, 4, 65_536), "localQueueCapacity",
        localQueueCapacity, String.format(POWER_OF_TWO, 4, 65_536));
    requireArg(globalQueueInterval >= 1, "globalQueueInterval", globalQueueInterval, "at least 1");
    requireArg(maxLifoPolls >= 0, "maxLifoPolls", maxLifoPolls, "at least 0");
    requireArg(budget >= 1, "budget", budget, "at least 1");
    requireArg(eventInterval >= 1, "eventInterval", eventInterval, "at least 1");
    requireArg(searchSpins >= 0, "searchSpins", searchSpins, "at least 0");
    requireArg(!shutdownTimeout.isNegative(), "shutdownTimeout", shutdownTimeout, "not negative");
    requireArg(blockingMaxThreads >= 1, "blockingMaxThreads", blockingMaxThreads, "at least 1");
    requireArg(blockingKeepAlive.toNanos() > 0, "blockingKeepAlive", blockingKeepAlive,
        "positive");
    requireArg(blockingVirtualThreads.equals("auto") || blockingVirtualThreads.equals("on")
        || blockingVirtualThreads.equals("off"), "blockingVirtualThreads",
        blockingVirtualThreads, "auto, on or off");
    requireArg(timerTick.toNanos() >= 100_000 && timerTick.compareTo(Duration.ofSeconds(1)) <= 0,
        "timerTick", timerTick, "from 100µs to 1s");
    requireArg(isPowerOfTwo(timerWheelSize, 16, 65_536), "timerWheelSize", timerWheelSize,
        String.format(POWER_OF_TWO, 16, 65_536));
    requireArg(threadNamePrefix != null && !threadNamePrefix.isBlank(), "threadNamePrefix",
        threadNamePrefix, "a non-empty string");
    requireArg(blockingThreadNamePrefix != null && !blockingThreadNamePrefix.isBlank(),
        "blockingThreadNamePrefix", blockingThreadNamePrefix, "a non-empty string");
    requireArg(timerThreadName != null && !timerThreadName.isBlank(), "timerThreadName",
        timerThreadName, "a non-empty string");
    requireArg(shutdownJoinTimeout != null
        && shutdownJoinTimeout.compareTo(Duration.ofMillis(1)) >= 0
        && shutdownJoinTimeout.compareTo(Duration.ofDays(1)) <= 0, "shutdownJoinTimeout",
        shutdownJoinTimeout, "from 1ms to 1 day");
    requireArg(blockingMaxQueued >= 1 && blockingMaxQueued <= 10_000_000, "blockingMaxQueued",
        blockingMaxQueued, "from 1 to 10000000");
    requireArg(blockedWarning != null && !blockedWarning.isNegative()
        && blockedWarning.compareTo(Duration.ofDays(1)) <= 0, "blockedWarning", blockedWarning,
        "from 0 (off) to 1 day");
    requireArg(ioTakeoverAfter != null && !ioTakeoverAfter.isNegative()
        && ioTakeoverAfter.compareTo(Duration.ofDays(1)) <= 0, "ioTakeoverAfter",
        ioTakeoverAfter, "from 0 (off) to 1 day");
  }

  /** This configuration with {@code blockedWarning} changed. */
  public RuntimeConfig withBlockedWarning(Duration blockedWarning) {
    return new RuntimeConfig(workers, threadNamePrefix, localQueueCapacity, globalQueueInterval,
        maxLifoPolls, budget, eventInterval, searchSpins, shutdownTimeout, blockingMaxThreads,
        blockingKeepAlive, blockingVirtualThreads, blockingThreadNamePrefix, timerTick,
        timerWheelSize, timerThreadName, shutdownJoinTimeout, blockingMaxQueued, blockedWarning,
        ioTakeoverAfter);
  }

  /** This configuration with {@code ioTakeoverAfter} changed. */
  public RuntimeConfig withIoTakeoverAfter(Duration ioTakeoverAfter) {
    return new RuntimeConfig(workers, threadNamePrefix, localQueueCapacity, globalQueueInterval,
        maxLifoPolls, budget, eventInterval, searchSpins, shutdownTimeout, blockingMaxThreads,
        blockingKeepAlive, blockingVirtualThreads, blockingThreadNamePrefix, timerTick,
        timerWheelSize, timerThreadName, shutdownJoinTimeout, blockingMaxQueued, blockedWarning,
        ioTakeoverAfter);
  }

  private static boolean isPowerOfTwo(int v, int min, int max) {
    return v >= min && v <= max && Integer.bitCount(v) == 1;
  }

}
