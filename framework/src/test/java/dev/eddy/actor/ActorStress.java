package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery under contention: per-pair ordering, nothing lost or duplicated with 8 senders of 1M
 * messages each, never two threads inside one actor, and no ask left pending by a close that
 * races it. Each run is bounded by a deadline.
 */
class ActorStress {

  static final int SENDERS = 8;
  static final int PER_SENDER = 1_000_000;

  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = Systems.create("stress");
  }

  @AfterAll
  static void stop() {
    system.close();
  }

  /** A message numbered per sender. */
  record Msg(int sender, int seq) {}

  /** Checks that each sender's numbers arrive as 0, 1, 2, ... exactly once. */
  static final class Checker extends Actor<Msg> {
    private final int[] next = new int[SENDERS];
    private final CompletableFuture<String> verdict;
    private long total;

    Checker(CompletableFuture<String> verdict) {
      this.verdict = verdict;
    }

    @Override
    protected void receive(Msg m) {
      if (m.seq() != next[m.sender()]) {
        verdict.complete("sender " + m.sender() + ": got " + m.seq() + ", expected "
            + next[m.sender()]);
      }
      next[m.sender()]++;
      if (++total == (long) SENDERS * PER_SENDER) {
        verdict.complete("ok");
      }
    }
  }

  @Test
  void eightSendersOfOneMillionEachArriveInOrderExactlyOnce() throws Exception {
    CompletableFuture<String> verdict = new CompletableFuture<>();
    ActorRef<Msg> checker = system.spawn(() -> new Checker(verdict), "checker");
    // Half the senders are plain threads, half are actors: both kinds of tell.
    for (int s = 0; s < SENDERS; s++) {
      int sender = s;
      Runnable send = () -> {
        for (int i = 0; i < PER_SENDER; i++) {
          checker.tell(new Msg(sender, i));
        }
      };
      if (s % 2 == 0) {
        new Thread(send, "sender-" + s).start();
      } else {
        system.spawn(Actors.<String>receive((ctx, go) -> send.run()), "sender-" + s).tell("go");
      }
    }
    assertThat(verdict.get(60, TimeUnit.SECONDS)).isEqualTo("ok");
  }

  /** Fails if a second thread enters while one is inside; counts with a plain field. */
  static final class Exclusive extends Actor<Integer> {
    private final AtomicReference<Thread> inside;
    private final AtomicInteger overlaps;
    private final CompletableFuture<Long> done;
    private final long expected;
    private long count; // plain: lost updates would show if two threads ran this

    Exclusive(AtomicReference<Thread> inside, AtomicInteger overlaps,
        CompletableFuture<Long> done, long expected) {
      this.inside = inside;
      this.overlaps = overlaps;
      this.done = done;
      this.expected = expected;
    }

    @Override
    protected void receive(Integer m) {
      if (!inside.compareAndSet(null, Thread.currentThread())) {
        overlaps.incrementAndGet();
      }
      long c = count;
      Thread.onSpinWait(); // widen the window a racing second thread would hit
      count = c + 1;
      inside.set(null);
      if (count == expected) {
        done.complete(count);
      }
    }
  }

  @Test
  void neverTwoThreadsInsideOneActor() throws Exception {
    int actors = 16;
    int senders = 4;
    int perSender = 50_000;
    AtomicInteger overlaps = new AtomicInteger();
    List<ActorRef<Integer>> refs = new ArrayList<>();
    List<CompletableFuture<Long>> done = new ArrayList<>();
    for (int a = 0; a < actors; a++) {
      CompletableFuture<Long> d = new CompletableFuture<>();
      done.add(d);
      AtomicReference<Thread> inside = new AtomicReference<>();
      refs.add(system.spawn(() -> new Exclusive(inside, overlaps, d,
          (long) senders * perSender), "exclusive-" + a));
    }
    Thread[] threads = new Thread[senders];
    for (int t = 0; t < senders; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < perSender; i++) {
          for (ActorRef<Integer> r : refs) {
            r.tell(i);
          }
        }
      });
      threads[t].start();
    }
    for (CompletableFuture<Long> d : done) {
      assertThat(d.get(60, TimeUnit.SECONDS)).isEqualTo((long) senders * perSender);
    }
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void askFromManyThreadsGetsEveryReply() throws Exception {
    ActorRef<TellAskTest.Echo> echo = system.spawn(Actors.<TellAskTest.Echo>receive(
        (ctx, m) -> m.replyTo().tell(m.text())), "echo");
    int n = 20_000;
    CompletableFuture<?>[] replies = new CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) {
      String text = Integer.toString(i);
      replies[i] = echo.<String>ask(r -> new TellAskTest.Echo(text, r), Duration.ofSeconds(30))
          .toCompletableFuture()
          .thenAccept(reply -> assertThat(reply).isEqualTo(text));
    }
    CompletableFuture.allOf(replies).get(60, TimeUnit.SECONDS);
  }

  @Test
  void asksRacingCloseAllComplete() throws Exception {
    for (int round = 0; round < 20; round++) {
      ActorSystem racing = Systems.create("ask-race-" + round);
      // Replies to half the asks, ignores the others: those only the system's end can complete.
      ActorRef<TellAskTest.Echo> half = racing.spawn(Actors.<TellAskTest.Echo>receive((ctx, m) -> {
        if (m.text().hashCode() % 2 == 0) {
          m.replyTo().tell(m.text());
        }
      }), "half");
      ConcurrentLinkedQueue<CompletableFuture<String>> asks = new ConcurrentLinkedQueue<>();
      CountDownLatch started = new CountDownLatch(4);
      List<Thread> askers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread asker = new Thread(() -> {
          started.countDown();
          for (int i = 0; i < 2_000; i++) {
            asks.add(half.<String>ask(r -> new TellAskTest.Echo("m" + System.nanoTime(), r),
                Duration.ofHours(1)).toCompletableFuture());
          }
        });
        asker.start();
        askers.add(asker);
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      racing.close();
      for (Thread asker : askers) {
        asker.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(asker.isAlive()).isFalse();
      }
      CompletableFuture.allOf(asks.toArray(CompletableFuture<?>[]::new))
          .handle((v, e) -> null).get(30, TimeUnit.SECONDS);
      assertThat(asks).allMatch(CompletableFuture::isDone);
    }
  }
}
