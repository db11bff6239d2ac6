package dev.eddy.actor.internal;

import dev.eddy.time.Cancellable;
import java.util.ArrayDeque;
import java.util.HashSet;

/**
 * The parts of an actor's state that most actors never use: timers, death watch, stash, restart
 * bookkeeping. Allocated on first use, so that an idle actor stays a few fields. Owned by the
 * actor's turn: only the cell's own poll touches it.
 */
final class CellExtras {
  /** Actors watching this one: each gets a death notice when it stops. */
  HashSet<ActorCell<?>> watchers;
  /** Actors this one watches and has not yet had a Terminated for. */
  HashSet<ActorCell<?>> watching;
  /** Stashed messages, oldest first. */
  ArrayDeque<Object> stash;
  /** Unstashed messages, handled before the mailbox. */
  ArrayDeque<Object> unstashed;
  /** Keyed timers, created by the first {@code timers()} call. */
  ActorTimers<?> timers;

  /** Restarts in the current window, and when that window began (clock nanos). */
  int restarts;
  long windowStart;
  /** While suspended for a restart: its cause, whether its backoff has passed, the timer. */
  Throwable restartCause;
  boolean restartDue;
  Cancellable backoff;
  /** The system message the pending backoff timer will send; an older one is stale. */
  SystemMessage.RestartDue pendingRestart;

  boolean hasUnstashed() {
    return unstashed != null && !unstashed.isEmpty();
  }
}
