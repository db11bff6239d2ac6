package dev.eddy.time;

/**
 * The monotonic time source that a runtime's {@link Timer} measures deadlines against.
 *
 * <p>The runtime uses {@link #system()} unless it is built with another clock, such as a {@link
 * TestClock} whose time moves only when a test says so (Tokio's {@code time::pause}).
 *
 * <p>Thread-safety: implementations must be safe to call from any thread.
 */
public interface Clock {

  /** Nanoseconds from an arbitrary fixed origin; never decreases. */
  long nanoTime();

  /** The JVM's monotonic clock, {@link System#nanoTime()}. */
  static Clock system() {
    return System::nanoTime;
  }
}
