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
    try {
      M message = request.apply(reply);
      reply.timer = system.runtime().timer().schedule(timeout, () -> result.completeExceptionally(
          new TimeoutExceededException("ask to " + target.path(), timeout)));
      target.tell(message);
    } catch (RuntimeException e) {
      Cancellable t = reply.timer;
      if (t != null) {
        t.cancel();
      }
      result.completeExceptionally(e);
    }
    return result;
  }

  @Override
  public void tell(R message) {
    Objects.requireNonNull(message, "message");
    if (result.complete(message)) {
      Cancellable t = timer;
      if (t != null) {
        t.cancel();
      }
    } else {
      system.deadLetters.publish(message, path(), result.isCompletedExceptionally()
          ? "reply after the ask timed out" : "second reply to an ask");
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
