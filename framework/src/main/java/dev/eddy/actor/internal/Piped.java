package dev.eddy.actor.internal;

import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/**
 * The outcome of a stage piped to an actor ({@code ActorContext.pipeToSelf}): a control message
 * whose mapper runs in the actor's turn and whose result, if any, goes to {@code receive}.
 */
final class Piped<T, M> extends ControlMessage {

  private final T value;
  private final Throwable failure;
  private final BiFunction<? super T, ? super Throwable, ? extends M> mapper;

  Piped(T value, Throwable failure, BiFunction<? super T, ? super Throwable, ? extends M> mapper) {
    this.value = value;
    this.failure = failure instanceof CompletionException c && c.getCause() != null
        ? c.getCause() : failure;
    this.mapper = mapper;
  }

  @Override
  @SuppressWarnings("unchecked")
  void handle(ActorCell<?> cell) throws Exception {
    M message = mapper.apply(value, failure);
    if (message != null) {
      ActorAccess.get().receive(((ActorCell<M>) cell).actor(), message);
    }
  }
}
