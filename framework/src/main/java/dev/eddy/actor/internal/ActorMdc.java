package dev.eddy.actor.internal;

import dev.eddy.actor.ActorContext;
import org.slf4j.MDC;

/**
 * Sets {@link ActorContext#MDC_ACTOR_PATH} around a piece of work about one actor (its turn, a
 * dead letter's line) and puts back what the thread had before, so that nothing leaks to the
 * next task on that worker. Not part of Eddy's API; static, any thread.
 */
final class ActorMdc {

  private ActorMdc() {}

  /** Puts {@code path} in the MDC and returns the value it replaces (usually {@code null}). */
  static String enter(String path) {
    String outer = MDC.get(ActorContext.MDC_ACTOR_PATH);
    MDC.put(ActorContext.MDC_ACTOR_PATH, path);
    return outer;
  }

  /** Puts back what {@link #enter} replaced: removes the key if it was not set. */
  static void exit(String outer) {
    if (outer == null) {
      MDC.remove(ActorContext.MDC_ACTOR_PATH);
    } else {
      MDC.put(ActorContext.MDC_ACTOR_PATH, outer);
    }
  }
}
