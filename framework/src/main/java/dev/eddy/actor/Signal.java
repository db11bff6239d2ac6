package dev.eddy.actor;

/**
 * A lifecycle notification the system delivers to an actor's {@link Actor#onSignal(Signal)},
 * beside its messages. Pekko's typed {@code Signal}.
 */
public sealed interface Signal permits Terminated {}
