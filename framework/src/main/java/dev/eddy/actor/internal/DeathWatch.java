package dev.eddy.actor.internal;

import dev.eddy.actor.ActorRef;
import java.util.HashSet;

/**
 * Death watch between cells, Akka's protocol in miniature. The watcher records the target in
 * its {@code watching} set and sends it a Watch system message; the target records the watcher.
 * When the target stops it sends each watcher a DeathNotice (a system message, so it is never
 * lost, and answered at once by a target that already stopped); the watcher turns it into a
 * {@link TerminatedSignal} in its ordinary mailbox, behind every message the target sent it
 * before stopping, and delivers it only if it still watches the target (unwatch drops it).
 *
 * <p>Every method runs in the turn of the cell it is given.
 */
final class DeathWatch {

  private DeathWatch() {}

  static void watch(ActorCell<?> watcher, ActorRef<?> ref) {
    ActorCell<?> target = cellOf(watcher, ref);
    if (target == watcher) {
      return;
    }
    CellExtras x = watcher.extras();
    if (x.watching == null) {
      x.watching = new HashSet<>();
    }
    if (x.watching.add(target)) {
      target.sendSystem(new SystemMessage.Watch(watcher));
    }
  }

  static void unwatch(ActorCell<?> watcher, ActorRef<?> ref) {
    ActorCell<?> target = cellOf(watcher, ref);
    CellExtras x = watcher.extrasOrNull();
    if (x != null && x.watching != null && x.watching.remove(target)) {
      target.sendSystem(new SystemMessage.Unwatch(watcher));
    }
  }

  /** In the target's turn: remember {@code watcher}. */
  static void addWatcher(ActorCell<?> target, ActorCell<?> watcher) {
    CellExtras x = target.extras();
    if (x.watchers == null) {
      x.watchers = new HashSet<>();
    }
    x.watchers.add(watcher);
  }

  /** In the target's turn: forget {@code watcher}. */
  static void removeWatcher(ActorCell<?> target, ActorCell<?> watcher) {
    CellExtras x = target.extrasOrNull();
    if (x != null && x.watchers != null) {
      x.watchers.remove(watcher);
    }
  }

  /** In the watcher's turn: {@code dead} stopped; queue its Terminated if still watched. */
  static void onDeathNotice(ActorCell<?> watcher, ActorCell<?> dead, Throwable cause) {
    CellExtras x = watcher.extrasOrNull();
    if (x != null && x.watching != null && x.watching.contains(dead)) {
      watcher.tellControl(new TerminatedSignal(dead, cause));
    }
  }

  /** Whether a Terminated for {@code dead} should still be delivered; forgets the watch. */
  static boolean consumeWatch(ActorCell<?> watcher, ActorCell<?> dead) {
    CellExtras x = watcher.extrasOrNull();
    return x != null && x.watching != null && x.watching.remove(dead);
  }

  private static ActorCell<?> cellOf(ActorCell<?> watcher, ActorRef<?> ref) {
    if (ref instanceof ActorCell<?> c && c.system == watcher.system) {
      return c;
    }
    throw new IllegalArgumentException(ref + " is not an actor of system "
        + watcher.system.name());
  }
}
