package dev.eddy.runtime.internal;

import dev.eddy.runtime.RuntimeMetrics;

/** The live {@link RuntimeMetrics} of one runtime: reads the scheduler's and pool's counters. */
public final class MetricsView implements RuntimeMetrics {

  private final Scheduler scheduler;
  private final BlockingPool blocking;

  public MetricsView(Scheduler scheduler, BlockingPool blocking) {
    this.scheduler = scheduler;
    this.blocking = blocking;
  }

  @Override
  public int workers() {
    return scheduler.workerCount();
  }

  @Override
  public long aliveTasks() {
    return scheduler.aliveTasks();
  }

  @Override
  public int injectQueueDepth() {
    return scheduler.injectQueueDepth();
  }

  @Override
  public int localQueueDepth(int worker) {
    return scheduler.localQueueDepth(checked(worker));
  }

  @Override
  public long polls(int worker) {
    return scheduler.polls(checked(worker));
  }

  @Override
  public long steals(int worker) {
    return scheduler.steals(checked(worker));
  }

  @Override
  public long parks(int worker) {
    return scheduler.parks(checked(worker));
  }

  @Override
  public long blockedWorkerIncidents() {
    return scheduler.blockedIncidents();
  }

  @Override
  public int blockingThreads() {
    return blocking.threads();
  }

  private int checked(int worker) {
    if (worker < 0 || worker >= scheduler.workerCount()) {
      throw new IndexOutOfBoundsException("worker = " + worker + ": expected 0 to "
          + (scheduler.workerCount() - 1));
    }
    return worker;
  }
}
