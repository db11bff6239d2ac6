package dev.eddy.runtime;

/**
 * Callbacks the runtime makes around tasks, for tracing and diagnostics (Tokio's {@code
 * on_task_spawn}, {@code on_before_task_poll}, {@code on_after_task_poll}).
 *
 * <p>Hooks run inline on the thread that spawns or polls, so they must be fast and must not
 * throw; an exception from a hook is logged and otherwise ignored. A runtime built without hooks
 * pays one branch per poll. Every method has an empty default, so implement only what you need.
 *
 * <p>The {@code task} argument identifies the task: the same object (its handle) is passed to
 * every call about one task, so it can key a map.
 */
public interface RuntimeHooks {

  /** Called on the spawning thread after a task is created, before it can first run. */
  default void onSpawn(JoinHandle<?> task) {}

  /** Called on the worker thread just before it polls {@code task}. */
  default void beforePoll(JoinHandle<?> task) {}

  /** Called on the worker thread just after a poll of {@code task} returns or throws. */
  default void afterPoll(JoinHandle<?> task) {}
}
