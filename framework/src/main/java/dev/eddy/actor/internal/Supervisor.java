package dev.eddy.actor.internal;

import dev.eddy.actor.ActorConfig;
import dev.eddy.actor.Supervision;
import java.time.Duration;

/**
 * Applies an actor's {@link Supervision} to one of its failures, in the actor's own turn:
 * resume, restart (counted against the limit, with optional backoff), stop or escalate. Each
 * failure is logged once, here. Fatal errors never get here: {@link ActorCell#fail} stops the
 * actor for them (see {@link Failures}).
 */
final class Supervisor {

  private Supervisor() {}

  static void onFailure(ActorCell<?> cell, Throwable e) {
    cell.enterMdc(); // each branch logs a line about this actor
    if (!cell.isActive()) {
      ActorCell.log.error("{} failed while stopping", cell.path(), e);
      return;
    }
    Supervision s = cell.props.supervision();
    Supervision.Directive d = s.directive();
    if (d == Supervision.Directive.RESUME && cell.actor() == null) {
      d = Supervision.Directive.STOP; // nothing to resume: the instance was never created
    }
    switch (d) {
      case RESUME -> ActorCell.log.warn("{} failed; resuming", cell.path(), e);
      case STOP -> {
        ActorCell.log.error("{} failed; stopping", cell.path(), e);
        cell.beginStop(e);
      }
      case ESCALATE -> {
        ActorCell.log.error("{} failed; stopping and escalating to its parent", cell.path(), e);
        if (cell.parent != null) {
          cell.parent.sendSystem(new SystemMessage.Escalated(cell, e));
        }
        cell.beginStop(e);
      }
      case RESTART -> restart(cell, s, e);
    }
  }

  private static void restart(ActorCell<?> cell, Supervision s, Throwable e) {
    ActorConfig config = cell.system.config();
    int max = s.maxRestarts() >= 0 ? s.maxRestarts() : config.maxRestarts();
    Duration within = s.within() != null ? s.within() : config.restartWindow();
    CellExtras x = cell.extras();
    long now = cell.system.clock().nanoTime();
    if (x.restarts == 0 || now - x.windowStart > within.toNanos()) {
      x.windowStart = now;
      x.restarts = 0;
    }
    if (x.restarts >= max) {
      ActorCell.log.error("{} failed after {} restarts within {}; stopping", cell.path(),
          x.restarts, within, e);
      cell.beginStop(e);
      return;
    }
    x.restarts++;
    Duration delay = backoff(s, x.restarts);
    if (delay == null) {
      ActorCell.log.warn("{} failed; restarting", cell.path(), e);
    } else {
      ActorCell.log.warn("{} failed; restarting in {}", cell.path(), delay, e);
    }
    cell.suspend();
    cell.cancelTimersAndBackoff();
    x.restartCause = e;
    // The backoff starts before preRestart, so that anything preRestart does (a message to a
    // test probe) happens after the timer is set: a manual-time test may advance from there.
    if (delay == null) {
      x.restartDue = true;
    } else {
      x.restartDue = false;
      SystemMessage.RestartDue due = new SystemMessage.RestartDue();
      x.pendingRestart = due;
      x.backoff = cell.system.runtime().timer().schedule(delay, () -> cell.sendSystem(due));
    }
    if (cell.actor() != null) {
      try {
        ActorAccess.get().preRestart(cell.actor(), e);
      } catch (Throwable t) {
        if (Failures.isFatal(t)) {
          Failures.onFatal(cell, t);
          cell.beginStop(t);
          return;
        }
        ActorCell.log.warn("preRestart of {} threw; restarting anyway", cell.path(), t);
      }
    }
    cell.stopChildren();
    cell.maybeFinishRestart();
  }

  /** min * 2^(n-1), capped at max; {@code null} without backoff. */
  static Duration backoff(Supervision s, int nthRestart) {
    if (s.minBackoff() == null) {
      return null;
    }
    Duration d = s.minBackoff();
    for (int i = 1; i < nthRestart && d.compareTo(s.maxBackoff()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(s.maxBackoff()) > 0 ? s.maxBackoff() : d;
  }
}
