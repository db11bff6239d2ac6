package dev.eddy.actor;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The functional form of small actors, Pekko's {@code Behaviors.receive}: a handler instead of
 * a subclass.
 *
 * <pre>{@code
 * ActorRef<String> printer = system.spawn(Actors.receive((ctx, line) -> ctx.log().info(line)),
 *     "printer");
 * }</pre>
 *
 * <p>The handler is shared by every incarnation (it survives restarts), so keep state out of it
 * or subclass {@link Actor}.
 */
public final class Actors {

  private Actors() {}

  /** Handles one message with the actor's context at hand; may throw to fail the actor. */
  @FunctionalInterface
  public interface Handler<M> {

    /** Handles {@code message}; runs as {@link Actor#receive(Object)} does. */
    void handle(ActorContext<M> context, M message) throws Exception;
  }

  /** A factory of actors that pass each message to {@code handler}. */
  public static <M> Supplier<Actor<M>> receive(Handler<M> handler) {
    Objects.requireNonNull(handler, "handler");
    return () -> new Actor<M>() {
      @Override
      protected void receive(M message) throws Exception {
        handler.handle(context(), message);
      }
    };
  }
}
