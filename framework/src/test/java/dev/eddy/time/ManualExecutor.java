package dev.eddy.time;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * An executor that only queues: the test decides when handed-off work runs, which shows what the
 * timer did on its own thread and what it left to the executor. Single-threaded use only.
 */
final class ManualExecutor implements Executor {

  private final Queue<Runnable> tasks = new ArrayDeque<>();

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  int queued() {
    return tasks.size();
  }

  void runAll() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }
}
