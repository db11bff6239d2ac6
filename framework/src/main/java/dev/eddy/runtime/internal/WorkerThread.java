package dev.eddy.runtime.internal;

/**
 * The thread of a {@link Worker}. Being a subclass lets {@code Runtime.current()}, the
 * cooperative budget and local scheduling find their worker with one type check, cheaper than a
 * {@code ThreadLocal}.
 */
public final class WorkerThread extends Thread {

  private final Worker worker;

  WorkerThread(Worker worker, String name) {
    super(null, null, name, 0, false);
    this.worker = worker;
  }

  public Worker worker() {
    return worker;
  }

  @Override
  public void run() {
    worker.run();
  }
}
