package dev.eddy.actor.internal;

/**
 * A link of {@link MpscQueue}: one message and the next link. {@code item} is written by the
 * producer before the release store that links the node, and read by the consumer after the
 * acquire load that finds it, so it needs no ordering of its own.
 */
class MpscNode {
  Object item;
  /** The next node; written once by the producer that queued behind this node (release). */
  volatile MpscNode next;

  MpscNode() {}

  MpscNode(Object item) {
    this.item = item;
  }
}
