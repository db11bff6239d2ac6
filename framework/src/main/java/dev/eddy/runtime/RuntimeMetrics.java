package dev.eddy.runtime;

/**
 * A live view of a runtime's counters, as Tokio's {@code RuntimeMetrics}: read it at any time,
 * from any thread. Values are snapshots taken without stopping the workers, so a sum over workers
 * may mix slightly different instants. Counting is always on and costs a plain store per event on
 * the worker that owns the counter.
 */
public interface RuntimeMetrics {

  /** Number of worker threads. */
  int workers();

  /** Tasks spawned (or registered) and not yet finished, including idle ones. */
  long aliveTasks();

  /** Tasks waiting in the global inject queue. */
  int injectQueueDepth();

  /** Tasks waiting in worker {@code worker}'s local queue. */
  int localQueueDepth(int worker);

  /** Polls run by worker {@code worker} since start. */
  long polls(int worker);

  /** Successful steals (batches taken from other workers) by worker {@code worker}. */
  long steals(int worker);

  /** Times worker {@code worker} parked for lack of work. */
  long parks(int worker);

  /**
   * Incidents of a worker stuck in one poll for longer than {@code eddy.runtime.blocked-warning}
   * (a task that blocks its thread), since start; each is also logged once at WARN. 0 while the
   * warning is off.
   */
  long blockedWorkerIncidents();

  /** Threads currently in the blocking pool (busy or idle). */
  int blockingThreads();

  /** Polls summed over all workers. */
  default long totalPolls() {
    long sum = 0;
    for (int i = 0; i < workers(); i++) {
      sum += polls(i);
    }
    return sum;
  }

  /** Steals summed over all workers. */
  default long totalSteals() {
    long sum = 0;
    for (int i = 0; i < workers(); i++) {
      sum += steals(i);
    }
    return sum;
  }

  /** Parks summed over all workers. */
  default long totalParks() {
    long sum = 0;
    for (int i = 0; i < workers(); i++) {
      sum += parks(i);
    }
    return sum;
  }
}
