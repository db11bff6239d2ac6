package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eddy.runtime.Await;
import dev.eddy.runtime.Runtime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** close() / terminate(): top-down stop, postStop, owned vs borrowed runtime, 100k actors. */
class SystemShutdownTest {

  @Test
  void closeStopsAHundredThousandLiveActorsAndRunsEveryPostStop() {
    int n = 100_000;
    AtomicInteger started = new AtomicInteger();
    AtomicInteger stopped = new AtomicInteger();
    ActorSystem system = Systems.create("hundred-k");
    for (int group = 0; group < 100; group++) {
      system.spawn(() -> new Actor<String>() {
        @Override
        protected void preStart() {
          for (int i = 0; i < n / 100; i++) {
            context().spawnAnonymous(() -> new Actor<String>() {
              @Override
              protected void preStart() {
                started.incrementAndGet();
              }

              @Override
              protected void receive(String message) {}

              @Override
              protected void postStop() {
                stopped.incrementAndGet();
              }
            });
          }
        }

        @Override
        protected void receive(String message) {}
      }, "group-" + group);
    }
    dev.eddy.runtime.Await.until("all started", java.time.Duration.ofSeconds(30),
        () -> started.get() == n);
    system.close();
    assertThat(stopped).hasValue(n);
    assertThat(system.whenTerminated().toCompletableFuture()).isCompleted();
    assertThat(system.runtime().isShutdown()).isTrue();
    assertThat(system.runtime().metrics().aliveTasks()).isZero();
  }

  @Test
  void childrenStopBeforeTheirParents() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    ActorSystem system = Systems.create("order");
    CompletableFuture<Void> ready = new CompletableFuture<>();
    system.spawn(() -> new Node("a", order, 2, ready), "a");
    ready.get(10, TimeUnit.SECONDS);
    system.close();
    // Each parent after all of its descendants.
    assertThat(order).containsExactlyInAnyOrder("a", "a.0", "a.1", "a.0.0", "a.0.1", "a.1.0",
        "a.1.1");
    for (String name : order) {
      int parentAt = order.indexOf(name.contains(".") ? name.substring(0,
          name.lastIndexOf('.')) : name);
      assertThat(order.indexOf(name)).isLessThanOrEqualTo(parentAt);
    }
  }

  /** A binary tree of actors {@code depth} deep, recording postStop. */
  static final class Node extends Actor<String> {
    private final String name;
    private final List<String> order;

    Node(String name, List<String> order, int depth, CompletableFuture<Void> ready) {
      this.name = name;
      this.order = order;
      if (depth > 0) {
        context().spawn(() -> new Node(name + ".0", order, depth - 1, new CompletableFuture<>()),
            "0");
        context().spawn(() -> new Node(name + ".1", order, depth - 1, ready), "1");
      } else {
        ready.complete(null);
      }
    }

    @Override
    protected void receive(String message) {}

    @Override
    protected void postStop() {
      order.add(name);
    }
  }

  @Test
  void aBorrowedRuntimeKeepsRunningAndSpawningAfterTerminationIsRefused() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(2).build()) {
      ActorSystem system = ActorSystem.create("borrowed", runtime);
      ActorRef<String> a = system.spawn(Actors.receive((ctx, m) -> {}), "a");
      system.terminate().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(runtime.isShutdown()).isFalse();
      assertThat(runtime.blockOn(() -> runtime.spawn(() -> 42))).isEqualTo(42);
      assertThatThrownBy(() -> system.spawn(Actors.receive((ctx, m) -> {}), "b"))
          .isInstanceOf(IllegalStateException.class);
      long before = system.deadLetters().count();
      a.tell("to the dead");
      assertThat(system.deadLetters().count()).isEqualTo(before + 1);
      system.close(); // idempotent
    }
  }

  @Test
  void terminateFromInsideAnActorShutsAnOwnedRuntimeDown() throws Exception {
    ActorSystem system = Systems.create("self-terminating");
    ActorRef<String> a = system.spawn(Actors.receive((ctx, m) -> ctx.system().terminate()),
        "terminator");
    a.tell("bye");
    system.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(system.runtime().isShutdown()).isTrue();
  }

  @Test
  void aSystemOnAStoppedRuntimeIsRefused() {
    Runtime runtime = Runtime.builder().workers(1).build();
    runtime.close();
    assertThatThrownBy(() -> ActorSystem.create("late", runtime))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
  }

  @Test
  void closeOnAWorkerIsRefused() throws Exception {
    try (ActorSystem system = Systems.create("close-on-worker")) {
      CompletableFuture<Throwable> refused = new CompletableFuture<>();
      system.spawn(Actors.receive((ctx, m) -> {
        try {
          ctx.system().close();
          refused.complete(null);
        } catch (IllegalStateException e) {
          refused.complete(e);
        }
      }), "closer").tell("close");
      assertThat(refused.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void anAskPendingAtCloseFailsNamingItsTarget() {
    ActorSystem system = Systems.create("ask-at-close");
    CompletableFuture<String> answer;
    try {
      ActorRef<String> silent = system.spawn(Actors.receive((ctx, m) -> {}), "silent");
      answer = silent.<String>ask(r -> "hi", Duration.ofHours(1)).toCompletableFuture();
    } finally {
      system.close();
    }
    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class)
            .cause().hasMessageContaining("eddy://ask-at-close/user/silent")
            .hasMessageContaining("terminated"));
  }

  @Test
  void aSystemWhoseBorrowedRuntimeStopsFirstTerminatesAndDeadLettersLaterMail() {
    Runtime runtime = Runtime.builder().workers(2).build();
    ActorSystem system = ActorSystem.create("runtime-first", runtime);
    ActorRef<String> a = system.spawn(Actors.receive((ctx, m) -> {}), "a");
    a.tell("before");
    runtime.close();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      system.whenTerminated().toCompletableFuture().get();
      long before = system.deadLetters().count();
      a.tell("after");
      Await.until("the late message is a dead letter", Duration.ofSeconds(10),
          () -> system.deadLetters().count() == before + 1);
      system.terminate().toCompletableFuture().get();
      system.close();
    });
  }
}
