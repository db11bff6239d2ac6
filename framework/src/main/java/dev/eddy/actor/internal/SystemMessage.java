package dev.eddy.actor.internal;

/**
 * A message from the system to an actor's cell about its lifecycle: stop, watch, a child's end,
 * a restart that is due. It goes to the cell's system queue, handled before ordinary messages.
 *
 * <p>The messages themselves are the links of that queue ({@link #next}, an intrusive Treiber
 * stack, see {@link ActorCell}), so each is a fresh object pushed once.
 */
abstract class SystemMessage {

  /** The next (older) message in the system queue; written before the CAS that publishes this. */
  SystemMessage next;

  /** Handles this message in {@code cell}'s own turn. */
  abstract void handle(ActorCell<?> cell);

  /** Called on the sender's thread when {@code cell} had already stopped; nothing by default. */
  void onDeadRecipient(ActorCell<?> cell) {}

  /** Stop the recipient (from its parent, itself or the system). */
  static final class Stop extends SystemMessage {
    @Override
    void handle(ActorCell<?> cell) {
      cell.beginStop(null);
    }
  }

  /** {@code watcher} wants a Terminated signal when the recipient stops. */
  static final class Watch extends SystemMessage {
    final ActorCell<?> watcher;

    Watch(ActorCell<?> watcher) {
      this.watcher = watcher;
    }

    @Override
    void handle(ActorCell<?> cell) {
      DeathWatch.addWatcher(cell, watcher);
    }

    @Override
    void onDeadRecipient(ActorCell<?> cell) {
      watcher.sendSystem(new DeathNotice(cell, cell.failure()));
    }
  }

  /** {@code watcher} no longer wants the signal. */
  static final class Unwatch extends SystemMessage {
    final ActorCell<?> watcher;

    Unwatch(ActorCell<?> watcher) {
      this.watcher = watcher;
    }

    @Override
    void handle(ActorCell<?> cell) {
      DeathWatch.removeWatcher(cell, watcher);
    }
  }

  /** A watched actor stopped: the recipient turns it into a Terminated in its mailbox. */
  static final class DeathNotice extends SystemMessage {
    final ActorCell<?> dead;
    final Throwable failure;

    DeathNotice(ActorCell<?> dead, Throwable failure) {
      this.dead = dead;
      this.failure = failure;
    }

    @Override
    void handle(ActorCell<?> cell) {
      DeathWatch.onDeathNotice(cell, dead, failure);
    }
  }

  /** A child of the recipient stopped. */
  static final class ChildTerminated extends SystemMessage {
    final ActorCell<?> child;

    ChildTerminated(ActorCell<?> child) {
      this.child = child;
    }

    @Override
    void handle(ActorCell<?> cell) {
      cell.onChildTerminated(child);
    }
  }

  /** A child failed with the escalate directive: the recipient fails with {@code cause}. */
  static final class Escalated extends SystemMessage {
    final ActorCell<?> child;
    final Throwable cause;

    Escalated(ActorCell<?> child, Throwable cause) {
      this.child = child;
      this.cause = cause;
    }

    @Override
    void handle(ActorCell<?> cell) {
      cell.onEscalated(child, cause);
    }
  }

  /** The backoff before a restart has passed. */
  static final class RestartDue extends SystemMessage {
    @Override
    void handle(ActorCell<?> cell) {
      cell.onRestartDue(this);
    }
  }
}
