package dev.eddy.actor.internal;

import dev.eddy.actor.ActorPath;
import dev.eddy.actor.ActorRef;
import dev.eddy.time.Cancellable;
import dev.eddy.time.TimeoutExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The one-off reply ref of an {@code ask}: its first message completes the stage; anything after
 * that, or after the timeout, is a dead letter. Not an actor (no task, no mailbox): a tell
 * completes the future on the teller's thread.
 *
 * <p>An ask never outlives its system: it is registered in the system's pending asks until it
 * completes, and the system fails what is left when it terminates (the timer's own entry would
 * not: a closed timer drops it). An ask to an actor that had already stopped, or is stopping
 * (waiting for its children), fails at once: its request is a dead letter, so no reply can come.
 *
 * <p>Thread-safety: {@link #tell} from any thread; the future decides the race with the timeout.
 */
final class AskRef<R> implements ActorRef<R> {

  private final ActorSystemImpl system;
  private final ActorCell<?> target;
  private final CompletableFuture<R> result = new CompletableFuture<>();
  private volatile Cancellable timer;

  private AskRef(ActorSystemImpl system, ActorCell<?> target) {
    this.system = system;
    this.target = target;
  }

  static <M, R> CompletionStage<R> ask(ActorSystemImpl system, ActorCell<M> target,
      Function<ActorRef<R>, ? extends M> request, Duration timeout) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(timeout, "timeout");
    AskRef<R> reply = new AskRef<>(system, target);
    CompletableFuture<R> result = reply.result;
    system.addAsk(reply);
    result.whenComplete((r, e) -> reply.finished());
    try {
      M message = request.apply(reply);
      reply.timer = system.runtime().timer().schedule(timeout, () -> result.completeExceptionally(
          new TimeoutExceededException("ask to " + target.path(), timeout)));
      // Neither STOPPING nor STOPPED ever goes back to ACTIVE, and only an ACTIVE actor handles
      // mail: if either is seen before the tell, the request is (or will be) a dead letter.
      boolean stopped = target.isStopped();
      boolean stopping = !stopped && !target.isActive();
      target.tell(message);
      if (stopped || stopping) {
        result.completeExceptionally(new IllegalStateException("ask to " + target.path()
            + (stopped ? ": the actor had stopped; the request went to dead letters"
                : ": the actor is stopping; the request goes to dead letters")));
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    if (result.isDone()) {
      reply.finished(); // whenComplete may have run before the timer was set
    } else if (system.isTerminated()) {
      reply.failTerminated(); // the system's sweep may have missed this one
    }
    return result;
  }

  /** Cancels the timeout and leaves the system's pending asks; idempotent. */
  private void finished() {
    system.removeAsk(this);
    Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  /** Fails this ask because its system has terminated. */
  void failTerminated() {
    result.completeExceptionally(new IllegalStateException("ask to " + target.path()
        + ": ActorSystem " + system.name() + " terminated before a reply came"));
  }

  @Override
  public void tell(R message) {
    Objects.requireNonNull(message, "message");
    if (!result.complete(message)) {
      system.deadLetters.publish(message, path(), result.isCompletedExceptionally()
          ? "reply after the ask timed out or failed" : "second reply to an ask");
    }
  }

  @Override
  public <T> CompletionStage<T> ask(Function<ActorRef<T>, ? extends R> request,
      Duration timeout) {
    throw new UnsupportedOperationException("an ask reply ref only takes the reply");
  }

  @Override
  public ActorPath path() {
    List<String> names = new ArrayList<>(target.path().elements());
    names.add("$ask");
    return new ActorPath(system.name(), names);
  }

  @Override
  public String toString() {
    return "AskRef[" + path() + "]";
  }
}
