package dev.eddy.actor.internal;

import dev.eddy.actor.ActorConfig.FatalErrorPolicy;

/**
 * The actor layer's one error policy, applied wherever actor code runs ({@code receive}, signals,
 * timers' messages, {@code preStart}, {@code postStop}, {@code preRestart}, {@code postRestart}):
 *
 * <ul>
 *   <li>Every {@link Throwable} is a failure of the actor, handled by its supervision, except the
 *       fatal ones. That includes {@link StackOverflowError} (the stack is unwound by the time the
 *       cell catches it, as Pekko's {@code NonFatal} assumes), {@link LinkageError} (one class is
 *       broken, not the JVM) and the {@link OutOfMemoryError} "Requested array size exceeds VM
 *       limit" (one absurd allocation was refused; the heap is fine).
 *   <li>Fatal: any other {@link VirtualMachineError} (a real {@code OutOfMemoryError}, {@link
 *       InternalError}, {@link UnknownError}): the JVM itself may be in trouble, so a restart is no
 *       cure. It is logged once and stops the actor; by {@code eddy.actor.fatal-error} the JVM
 *       may exit too.
 * </ul>
 *
 * <p>Whatever happens, the cell runs its stop path: no actor is left taking mail it will never
 * handle.
 */
final class Failures {

  /** The exit status of {@code fatal-error = exit-jvm}: EX_SOFTWARE of sysexits.h. */
  static final int EXIT_STATUS = 70;

  private Failures() {}

  /** Whether {@code t} is fatal for the actor layer (see the class comment). */
  static boolean isFatal(Throwable t) {
    if (!(t instanceof VirtualMachineError) || t instanceof StackOverflowError) {
      return false;
    }
    return !(t instanceof OutOfMemoryError
        && String.valueOf(t.getMessage()).startsWith("Requested array size exceeds VM limit"));
  }

  /**
   * Logs a fatal error of {@code cell}'s actor code (once) and, by policy, starts the JVM's exit.
   * The caller then stops the cell.
   */
  static void onFatal(ActorCell<?> cell, Throwable e) {
    FatalErrorPolicy policy = cell.system.config().fatalError();
    cell.enterMdc();
    if (policy == FatalErrorPolicy.EXIT_JVM) {
      ActorCell.log.error("{} threw a fatal error; stopping it and exiting the JVM with status {}"
          + " (eddy.actor.fatal-error = exit-jvm)", cell.path(), EXIT_STATUS, e);
      // From a thread of its own: System.exit blocks while shutdown hooks run, and a hook that
      // closes the runtime waits for this worker.
      Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "eddy-actor-fatal-exit");
      exit.setDaemon(true);
      exit.start();
    } else {
      ActorCell.log.error("{} threw a fatal error; stopping it (eddy.actor.fatal-error = "
          + "stop-actor)", cell.path(), e);
    }
  }
}
