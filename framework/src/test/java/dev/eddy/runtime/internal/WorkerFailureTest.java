package dev.eddy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eddy.runtime.JoinHandle;
import dev.eddy.runtime.RuntimeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A throwable escaping a worker's parker (review D5): the worker must survive it, and the idle
 * bookkeeping must keep waking workers for new work. The scheduler is built directly, with a
 * parker of our own that fails once.
 */
class WorkerFailureTest {

  /** A {@code LockSupport} parker whose {@code failOn}-th park throws (0: never). */
  static final class FailingParker implements Parker {
    private final int failOn;
    private final AtomicInteger parks = new AtomicInteger();
    private volatile Thread owner;
    private volatile boolean permit;

    FailingParker(int failOn) {
      this.failOn = failOn;
    }

    @Override
    public void park() {
      parkNanos(0);
    }

    @Override
    public void parkNanos(long nanos) {
      owner = Thread.currentThread();
      if (parks.incrementAndGet() == failOn) {
        throw new IllegalStateException("parker failure injected by the test");
      }
      if (!permit) {
        if (nanos > 0) {
          LockSupport.parkNanos(this, nanos);
        } else {
          LockSupport.park(this);
        }
      }
      permit = false;
    }

    @Override
    public void unpark() {
      permit = true;
      Thread t = owner;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  static RuntimeConfig config(int workers) {
    RuntimeConfig c = RuntimeConfig.load();
    return new RuntimeConfig(workers, "failing-parker-worker-", c.localQueueCapacity(),
        c.globalQueueInterval(), c.maxLifoPolls(), c.budget(), c.eventInterval(),
        c.searchSpins(), c.shutdownTimeout(), c.blockingMaxThreads(), c.blockingKeepAlive(),
        c.blockingVirtualThreads(), c.blockingThreadNamePrefix(), c.timerTick(),
        c.timerWheelSize(), c.timerThreadName(), c.shutdownJoinTimeout(), c.blockingMaxQueued(),
        c.blockedWarning(), c.ioTakeoverAfter());
  }

  @Test
  void aParkerThatThrowsNeitherKillsItsWorkerNorStopsNotifications() throws Exception {
    Scheduler scheduler = new Scheduler(config(2), null, null,
        i -> new FailingParker(i == 0 ? 2 : 0));
    scheduler.start();
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        // Keep one worker busy while the other parks (and fails on its second park).
        CountDownLatch release = new CountDownLatch(1);
        JoinHandle<Void> busy = scheduler.spawn(() -> {
          release.await(10, TimeUnit.SECONDS);
          return null;
        });
        for (int round = 0; round < 20; round++) {
          scheduler.spawn(() -> { }).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        release.countDown();
        busy.toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<JoinHandle<Integer>> more = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          int n = i;
          more.add(scheduler.spawn(() -> n));
        }
        for (int i = 0; i < 100; i++) {
          assertThat(more.get(i).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        for (Worker w : scheduler.workers()) {
          assertThat(w.thread().isAlive()).as("worker %s alive", w.thread().getName()).isTrue();
        }
      });
    } finally {
      assertThat(scheduler.terminate(Duration.ofSeconds(5))).isEmpty();
    }
  }
}
