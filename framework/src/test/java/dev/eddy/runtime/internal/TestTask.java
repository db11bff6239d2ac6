package dev.eddy.runtime.internal;

/**
 * A task that only serves as a queue entry in queue tests: it carries an {@code id} to compare
 * and check, has no scheduler (nothing may wake or schedule it) and must never be polled.
 */
final class TestTask extends RawTask<Void> {

  final int id;

  TestTask(int id) {
    super(null, false);
    this.id = id;
  }

  /** The id of {@code task}, which must be a {@link TestTask}; {@code null} stays {@code null}. */
  static Integer idOf(Object task) {
    return task == null ? null : ((TestTask) task).id;
  }

  /** {@code count} fresh tasks with ids {@code 0..count)}, indexed by id. */
  static TestTask[] range(int count) {
    TestTask[] tasks = new TestTask[count];
    for (int i = 0; i < count; i++) {
      tasks[i] = new TestTask(i);
    }
    return tasks;
  }

  @Override
  protected boolean poll(Worker worker) {
    throw new IllegalStateException("test task " + id + " is a queue entry, not runnable");
  }

  @Override
  public String toString() {
    return "TestTask(" + id + ")";
  }
}
