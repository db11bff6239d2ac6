package dev.eddy.runtime.internal;

/**
 * The fields of {@link InjectQueue}, kept on separate cache lines. Producers swap {@code tail};
 * consumers write {@code head} on every pop. A JFR profile of spawning from outside the runtime
 * showed the producer stalling on its exchange while both fields shared a line, so they sit 128
 * bytes apart: HotSpot lays superclass fields out first, and the padding classes in between keep
 * them apart (JCTools' technique).
 */
final class InjectQueueFields {

  private InjectQueueFields() {}

  abstract static class HeadPad {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
  }

  abstract static class HeadField extends HeadPad {
    /** The oldest node (or the stub); written under the pop lock, read by isEmpty and len. */
    volatile RawTask<?> head;
    /**
     * Whether the last pop took the last task; guarded by the pop lock. Kept on the consumers'
     * line: next to the queue's read-mostly fields it would slow every push.
     */
    boolean emptied;
    /** Tasks popped; written by the pop-lock holder, read by len (see InjectQueue.POPPED). */
    long popped;
  }

  abstract static class MidPad extends HeadField {
    long p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31, p32, p33, p34, p35;
  }

  abstract static class TailField extends MidPad {
    /** The newest node; swapped by producers. */
    volatile RawTask<?> tail;
  }

  abstract static class TailPad extends TailField {
    long p40, p41, p42, p43, p44, p45, p46, p47, p48, p49, p50, p51, p52, p53, p54, p55;
  }
}
