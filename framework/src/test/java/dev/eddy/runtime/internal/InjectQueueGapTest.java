package dev.eddy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eddy.runtime.Await;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The gap of Vyukov's queue: a producer that has swapped the tail but not yet linked its node.
 * A consumer that meets it must wait without burning its core (it holds the pop lock meanwhile),
 * and must return the task once the link is written.
 */
class InjectQueueGapTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** The first half of a push: the exchange on tail, without the link. Returns the old tail. */
  private static RawTask<?> exchangeOnly(InjectQueue q, RawTask<?> task) throws Exception {
    Field tail = InjectQueueFields.TailField.class.getDeclaredField("tail");
    tail.setAccessible(true);
    RawTask<?> prev = (RawTask<?>) tail.get(q);
    task.injectNext = null;
    tail.set(q, task);
    return prev;
  }

  @Test
  void aConsumerWaitingForAProducersLinkParksAndThenTakesTheTask() {
    assertTimeoutPreemptively(PATIENCE, () -> {
      InjectQueue q = new InjectQueue();
      TestTask[] t = TestTask.range(2);
      RawTask<?> prev = exchangeOnly(q, t[1]); // the producer stalls here

      CompletableFuture<Object> popped = new CompletableFuture<>();
      Thread consumer = new Thread(() -> popped.complete(q.pop()), "gap-consumer");
      consumer.start();
      Await.until("the consumer waiting in the gap parks instead of spinning",
          Duration.ofSeconds(5),
          () -> consumer.getState() == Thread.State.TIMED_WAITING);

      prev.injectNext = t[1]; // the producer's link
      assertThat(TestTask.idOf(popped.get())).isEqualTo(1);
      consumer.join();
      assertThat(q.isEmpty()).isTrue();
    });
  }

  @Test
  void lenCountsPushesAndPopsWithoutWalkingTheQueue() {
    InjectQueue q = new InjectQueue();
    TestTask[] t = TestTask.range(5);
    q.push(t[0]);
    q.pushBatch(new Object[] {t[1], t[2], t[3]}, 3);
    assertThat(q.len()).isEqualTo(4);
    q.pop();
    assertThat(q.popBatch(new Object[2], 2)).isEqualTo(2);
    assertThat(q.len()).isEqualTo(1);
    q.push(t[4]);
    assertThat(q.len()).isEqualTo(2);
    q.pop();
    q.pop();
    assertThat(q.len()).isZero();
    assertThat(q.pop()).isNull();
    assertThat(q.len()).isZero();
  }
}
