/**
 * Typed mailbox actors on Eddy's runtime: {@link dev.eddy.actor.ActorSystem}, {@link
 * dev.eddy.actor.Actor}, {@link dev.eddy.actor.ActorRef} ({@code tell}, {@code ask}), {@link
 * dev.eddy.actor.ActorContext} (children, death watch, timers, stash), {@link
 * dev.eddy.actor.Supervision}, {@link dev.eddy.actor.Mailbox} and {@link
 * dev.eddy.actor.DeadLetters}. See {@code docs/actors.md}.
 *
 * <p>Each actor is one task of the runtime: a message wakes it, a turn handles up to {@code
 * eddy.actor.throughput} messages, one at a time, and an idle actor holds no thread.
 */
package dev.eddy.actor;
