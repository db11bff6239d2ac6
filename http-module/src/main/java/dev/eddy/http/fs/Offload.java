package dev.eddy.http.fs;

import dev.eddy.runtime.Runtime;
import dev.eddy.runtime.internal.WorkerThread;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs file-system calls where blocking is allowed: on a runtime worker they go to the runtime's
 * blocking pool ({@link Runtime#spawnBlocking}), so workers never wait on a disk; anywhere else
 * (a test calling {@code app.handle} on its own thread, a blocking-pool thread) they run on the
 * calling thread, which may block. Static, any thread.
 */
final class Offload {

  private Offload() {}

  /**
   * The outcome of {@code work}: on a worker a stage completed later on a worker, else a stage
   * already complete.
   */
  static <T> CompletionStage<T> call(Callable<T> work) {
    if (Thread.currentThread() instanceof WorkerThread) {
      return Runtime.current().spawnBlocking(work);
    }
    try {
      return CompletableFuture.completedStage(work.call());
    } catch (Exception e) {
      return CompletableFuture.failedStage(e);
    }
  }
}
