/**
 * The I/O driver: each worker of a {@link dev.eddy.runtime.Runtime} owns a {@link
 * java.nio.channels.Selector}, polls it without blocking every {@code eddy.runtime.event-interval}
 * scheduling ticks, and blocks in {@code select} only when it has nothing to run. A channel that
 * becomes ready wakes the task that waits on it, on the worker that saw the readiness (Tokio's
 * I/O driver, mio's {@code Poll}, Netty's event loop).
 *
 * <p>The machinery is internal ({@code dev.eddy.reactor.internal}); users reach it through
 * {@code dev.eddy.net}. See {@code docs/tcp.md} for the design.
 */
package dev.eddy.reactor;
