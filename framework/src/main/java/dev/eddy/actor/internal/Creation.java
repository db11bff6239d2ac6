package dev.eddy.actor.internal;

import dev.eddy.actor.ActorContext;

/**
 * The context of the actor whose factory is running on this thread, so that {@code Actor}'s
 * constructor can bind to it (and user constructors can already use {@code context()}).
 *
 * <p>Not part of Eddy's API. Thread-confined: set and cleared around one factory call.
 */
public final class Creation {

  private static final ThreadLocal<ActorCell<?>> CURRENT = new ThreadLocal<>();

  private Creation() {}

  /**
   * The context being created on this thread, bound to an instance of {@code actorClass} (whose
   * name {@code context().log()} then uses).
   *
   * @throws IllegalStateException outside a factory call made by the system; the message names
   *     {@code actorClass}
   */
  @SuppressWarnings("unchecked")
  public static <M> ActorContext<M> current(Class<?> actorClass) {
    ActorCell<?> cell = CURRENT.get();
    if (cell == null) {
      String name = actorClass.isAnonymousClass() ? actorClass.getName()
          : actorClass.getSimpleName();
      throw new IllegalStateException("an Actor can only be created by its system, inside the "
          + "factory given to spawn(...): pass " + name + "::new, not new " + name + "()");
    }
    cell.bindActorClass(actorClass);
    return (ActorContext<M>) cell;
  }

  static void begin(ActorCell<?> cell) {
    CURRENT.set(cell);
  }

  static void end() {
    CURRENT.remove();
  }
}
