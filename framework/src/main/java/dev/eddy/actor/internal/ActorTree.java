package dev.eddy.actor.internal;

import dev.eddy.actor.Actor;
import dev.eddy.actor.ActorContext;
import dev.eddy.actor.ActorPath;
import dev.eddy.actor.ActorRef;
import dev.eddy.actor.Props;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An actor cell's place in the hierarchy: its parent, its name and its children. The base of
 * {@link ActorCell}, kept apart so that each file holds one concern.
 *
 * <p>Children form an intrusive doubly-linked list through {@link #prevSibling} and {@link
 * #nextSibling} (no node per child: a parent of a million idle actors holds no extra object per
 * child), plus a name map for the named ones. All of it is guarded by this cell's monitor: spawns
 * usually come from the actor's own turn, but the guardian's come from any thread, and removals
 * (a child's end) from the turn.
 */
abstract class ActorTree<M> extends MpscQueue implements ActorContext<M> {

  final ActorSystemImpl system;
  final ActorCell<?> parent;
  /** The given name, or {@code null} for an anonymous actor (named from {@link #uid}). */
  final String name;
  private final int uid;

  // ---- guarded by this cell's monitor (children) or the parent's monitor (sibling links)
  private ActorCell<?> firstChild;
  private HashMap<String, ActorCell<?>> named;
  private int childCounter;
  ActorCell<?> prevSibling;
  ActorCell<?> nextSibling;

  ActorTree(ActorSystemImpl system, ActorCell<?> parent, String name, int uid) {
    this.system = system;
    this.parent = parent;
    this.name = name;
    this.uid = uid;
  }

  /** Whether the actor still accepts children (it is not stopping); called under the lock. */
  abstract boolean isActive();

  @Override
  public <C> ActorRef<C> spawn(Supplier<? extends Actor<C>> factory, String name) {
    return spawnChild(factory, Names.check(name), Props.defaults());
  }

  @Override
  public <C> ActorRef<C> spawn(Supplier<? extends Actor<C>> factory, String name, Props props) {
    return spawnChild(factory, Names.check(name), props);
  }

  @Override
  public <C> ActorRef<C> spawnAnonymous(Supplier<? extends Actor<C>> factory) {
    return spawnChild(factory, null, Props.defaults());
  }

  @Override
  public <C> ActorRef<C> spawnAnonymous(Supplier<? extends Actor<C>> factory, Props props) {
    return spawnChild(factory, null, props);
  }

  /** Creates, links and starts a child; any thread (the guardian's children come from outside). */
  <C> ActorCell<C> spawnChild(Supplier<? extends Actor<C>> factory, String childName,
      Props props) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(props, "props");
    ActorCell<C> child;
    synchronized (this) {
      if (!isActive()) {
        throw new IllegalStateException("cannot spawn a child of " + path() + ": it is stopping");
      }
      if (childName != null && named != null && named.containsKey(childName)) {
        throw new IllegalArgumentException("name " + childName + " is taken: " + path()
            + " already has a child of that name");
      }
      child = new ActorCell<>(system, (ActorCell<?>) this, childName, ++childCounter, factory,
          props);
      if (child.refused()) {
        throw new IllegalStateException("cannot spawn a child of " + path() + ": its runtime is "
            + "shutting down");
      }
      if (childName != null) {
        if (named == null) {
          named = new HashMap<>();
        }
        named.put(childName, child);
      }
      child.nextSibling = firstChild;
      if (firstChild != null) {
        firstChild.prevSibling = child;
      }
      firstChild = child;
    }
    child.start();
    return child;
  }

  void unlink(ActorCell<?> child) {
    if (child.prevSibling != null) {
      child.prevSibling.nextSibling = child.nextSibling;
    } else if (firstChild == child) {
      firstChild = child.nextSibling;
    } else {
      return; // not (or no longer) linked
    }
    if (child.nextSibling != null) {
      child.nextSibling.prevSibling = child.prevSibling;
    }
    child.prevSibling = null;
    child.nextSibling = null;
    if (child.name != null && named != null) {
      named.remove(child.name, child);
    }
  }

  List<ActorCell<?>> childrenLocked() {
    List<ActorCell<?>> kids = new ArrayList<>();
    for (ActorCell<?> c = firstChild; c != null; c = c.nextSibling) {
      kids.add(c);
    }
    return kids;
  }

  synchronized boolean hasChildren() {
    return firstChild != null;
  }

  @Override
  public synchronized Optional<ActorRef<?>> child(String childName) {
    return Optional.ofNullable(named == null ? null : named.get(childName));
  }

  @Override
  public synchronized List<ActorRef<?>> children() {
    return List.copyOf(childrenLocked());
  }


  /** This actor's path, computed from the parent chain (not stored: idle actors stay small). */
  public ActorPath path() {
    ArrayDeque<String> names = new ArrayDeque<>();
    for (ActorTree<?> c = this; c != null; c = c.parent) {
      names.addFirst(c.name());
    }
    return new ActorPath(system.name(), List.copyOf(names));
  }

  String name() {
    return name != null ? name : "$" + Integer.toString(uid, 36);
  }

  /** Stops every child (turn only); used by a restart. */
  void stopChildren() {
    List<ActorCell<?>> kids;
    synchronized (this) {
      kids = childrenLocked();
    }
    for (ActorCell<?> kid : kids) {
      kid.sendSystem(new SystemMessage.Stop());
    }
  }
}
