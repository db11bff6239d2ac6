package dev.eddy.runtime.internal;

/**
 * The fields of {@link InjectQueue}, split so that the consumers' end ({@code head}, {@code
 * popped}) and the producers' end ({@code tail}, {@code pushed}) sit on different cache lines. A
 * JFR profile of external spawning showed the producer stalled on every push while workers wrote
 * the consumer fields on the same line; HotSpot lays out superclass fields first, so padding
 * fields between the classes keep the two groups at least 64 bytes apart (JCTools' technique).
 */
final class InjectQueueFields {

  private InjectQueueFields() {}

  abstract static class PadBeforeHead {
    long p00, p01, p02, p03, p04, p05, p06, p07;
  }

  abstract static class Head extends PadBeforeHead {
    /** The dummy node; guarded by the pop lock. */
    InjectQueue.Node head;
    /** Tasks taken so far; written under the pop lock. */
    long popped;
  }

  abstract static class PadBetween extends Head {
    long p10, p11, p12, p13, p14, p15, p16, p17;
  }

  abstract static class Tail extends PadBetween {
    /** The last node; guarded by the push lock. */
    InjectQueue.Node tail;
    /** Tasks added so far; written under the push lock. */
    long pushed;
    long p20, p21, p22, p23, p24, p25, p26, p27;
  }
}
