package dev.eddy.net.internal;

import dev.eddy.reactor.internal.Reactor;
import dev.eddy.reactor.internal.SelectorParker;
import dev.eddy.runtime.Runtime;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs the opening of a channel (bind, connect) where it can pick its selector: on the calling
 * thread when that is a worker of the runtime (the channel stays on this worker), otherwise as a
 * task on the runtime, which registers with the next selector in round-robin order. The hop is
 * also how code outside the runtime reaches its I/O driver, which {@link Runtime} does not expose.
 *
 * <p>Thread-safety: static, any thread.
 */
public final class Placement {

  private Placement() {}

  /** The opening step: gets the selector to register with. */
  @FunctionalInterface
  public interface Opener<T> {
    /** Opens the channel, registered with {@code parker}; runs on a worker of the runtime. */
    CompletionStage<T> open(SelectorParker parker) throws IOException;
  }

  /**
   * Runs {@code opener} with the selector the new channel belongs to.
   *
   * @return its stage; failed with the {@link IOException} it threw, or with a {@link
   *     java.util.concurrent.RejectedExecutionException} when called from outside a runtime that
   *     is shutting down
   */
  public static <T> CompletionStage<T> open(Runtime runtime, Opener<T> opener) {
    SelectorParker here = Reactor.current();
    if (here != null && Runtime.current() == runtime) {
      return call(opener, here);
    }
    return runtime.spawnAsync(() -> call(opener, Reactor.current().reactor().nextParker()));
  }

  private static <T> CompletionStage<T> call(Opener<T> opener, SelectorParker parker) {
    try {
      return opener.open(parker);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
