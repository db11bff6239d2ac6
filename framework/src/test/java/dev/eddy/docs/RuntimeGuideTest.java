package dev.eddy.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.runtime.Runtime;
import dev.eddy.runtime.TaskHandle;
import dev.eddy.sync.Channel;
import dev.eddy.time.Cancellable;
import dev.eddy.time.TestClock;
import dev.eddy.time.Timer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The code snippets of README.md and docs/runtime.md, compiled and run. When a snippet changes
 * there, change it here (and the other way round): the text between the {@code // doc:} markers
 * is what the page shows.
 */
class RuntimeGuideTest {

  @Test
  void readmeExample() throws Exception {
    // doc:readme
    Path path = Files.writeString(Files.createTempFile("greeting", ".txt"), "hi");
    String first;                                              // "hello"
    String blocking;                                           // "hi", read off the workers
    try (Runtime runtime = Runtime.create()) {                 // one worker per core
      Channel<String> words = Channel.bounded(16);              // send() waits while full
      runtime.spawnAsync(() -> words.send("hello")
          .thenCompose(done -> words.send("world"))
          .whenComplete((done, failure) -> words.close()));
      first = runtime.blockOn(() -> words.receive()).orElseThrow();
      runtime.blockOn(() -> runtime.timer().sleep(Duration.ofMillis(10)));
      blocking = runtime.blockOn(() -> runtime.spawnBlocking(() -> Files.readString(path)));
    }
    // doc:end
    Files.delete(path);
    assertThat(first).isEqualTo("hello");
    assertThat(blocking).isEqualTo("hi");
  }

  @Test
  void readmeShowsItsSnippetVerbatim() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int open = readme.indexOf("```java\n");
    assertThat(open).as("a java block in README.md").isNotNegative();
    String shown = readme.substring(open + "```java\n".length(),
        readme.indexOf("```", open + 3));
    String source = Files.readString(
        Path.of("src/test/java/dev/eddy/docs/RuntimeGuideTest.java"));
    int from = source.indexOf("// doc:readme\n");
    String cut = source.substring(source.indexOf('\n', from) + 1,
        source.indexOf("    // doc:end", from));
    String compiled = cut.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
        .collect(Collectors.joining("\n", "", "\n"));
    assertThat(shown).as("README.md's first snippet, as compiled by readmeExample")
        .isEqualTo(compiled);
  }

  @Test
  void startingAndStopping() {
    int answer;
    // doc:start-stop
    try (Runtime runtime = Runtime.create()) {           // settings from eddy.runtime
      answer = runtime.blockOn(() -> runtime.spawn(() -> 6 * 7));
    }                                                      // close(): graceful shutdown
    // doc:end
    assertThat(answer).isEqualTo(42);
  }

  /** A mailbox-draining task, as docs/runtime.md shows for the Task SPI. */
  @Test
  void taskSpi() throws Exception {
    ConcurrentLinkedQueue<String> mailbox = new ConcurrentLinkedQueue<>();
    AtomicInteger handled = new AtomicInteger();
    try (Runtime runtime = Runtime.builder().workers(2).build()) {
      // doc:task
      TaskHandle handle = runtime.register(cx -> {
        String message;
        while ((message = mailbox.poll()) != null) {
          if (message.equals("stop")) {
            return true;                 // finished: never polled again
          }
          handled.incrementAndGet();
          if (!cx.consumeBudget()) {     // spent: let other tasks run, come back soon
            cx.waker().wake();
            return false;
          }
        }
        return false;                    // wait for the next wake()
      });
      for (int i = 0; i < 1_000; i++) {  // any thread, any number of times
        mailbox.add("message " + i);
        handle.wake();
      }
      mailbox.add("stop");
      handle.wake();
      // doc:end
      handle.toCompletableFuture().get(10, SECONDS);
    }
    assertThat(handled).hasValue(1_000);
  }

  @Test
  void timers() throws Exception {
    AtomicInteger reports = new AtomicInteger();
    try (Runtime runtime = Runtime.builder().workers(1).build()) {
      CompletionStage<String> fetch = runtime.spawnAsync(() -> runtime.timer()
          .sleep(Duration.ofMillis(1)).thenApply(v -> "fetched"));
      // doc:timer
      Timer timer = runtime.timer();
      CompletionStage<Void> pause = timer.sleep(Duration.ofMillis(100));
      CompletionStage<String> quick = timer.timeout(fetch, Duration.ofSeconds(2));
      Cancellable tick = timer.interval(Duration.ofMillis(10), reports::incrementAndGet);
      // doc:end
      pause.toCompletableFuture().get(5, SECONDS);
      assertThat(quick.toCompletableFuture().get(5, SECONDS)).isEqualTo("fetched");
      assertThat(tick.cancel()).isTrue();
    }
    assertThat(reports.get()).isPositive();
  }

  @Test
  void testClock() throws Exception {
    // doc:test-clock
    TestClock clock = new TestClock();
    try (Runtime runtime = Runtime.builder().clock(clock).build()) {
      CompletionStage<Void> slept = runtime.timer().sleep(Duration.ofMinutes(5));
      clock.advance(Duration.ofMinutes(5));   // fires every timer due by then, no waiting
      slept.toCompletableFuture().get(5, SECONDS);
    }
    // doc:end
  }
}
