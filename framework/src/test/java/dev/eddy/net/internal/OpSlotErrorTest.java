package dev.eddy.net.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.channels.ReadPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritePendingException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} thrown by an operation's attempt fails that operation's future and frees its
 * slot, as an exception does (concurrency review D14): it must not leave the slot busy for good.
 */
class OpSlotErrorTest {

  /** An operation whose attempt throws {@code thrown}, or finishes with 42 if it is null. */
  private static Op<Integer> op(Error thrown) {
    return new Op<>() {
      @Override
      protected boolean attempt() {
        if (thrown != null) {
          throw thrown;
        }
        return true;
      }

      @Override
      protected Integer result() {
        return 42;
      }
    };
  }

  @Test
  void anErrorFailsTheOperationAndFreesTheSlot() throws Exception {
    try (Runtime runtime = Runtime.builder().workers(1).shutdownTimeout(Duration.ofSeconds(5))
            .build();
        ServerSocketChannel listener = ServerSocketChannel.open()
            .bind(new InetSocketAddress("127.0.0.1", 0));
        SocketChannel channel = SocketChannel.open(listener.getLocalAddress());
        SocketChannel peer = listener.accept()) {
      channel.configureBlocking(false);
      ChannelDriver driver = Placement.open(runtime, parker -> CompletableFuture.completedFuture(
          new ChannelDriver(runtime, parker, channel, SelectionKey.OP_READ,
              ReadPendingException::new, WritePendingException::new)))
          .toCompletableFuture().get(10, SECONDS);
      try {
        AssertionError boom = new AssertionError("boom");
        CompletableFuture<Integer> failed = runtime.spawnAsync(() -> driver.read(op(boom)))
            .toCompletableFuture();
        assertThatThrownBy(() -> failed.get(10, SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasRootCauseMessage("boom");
        CompletableFuture<Integer> next = runtime.spawnAsync(() -> driver.read(op(null)))
            .toCompletableFuture();
        assertThat(next.get(10, SECONDS)).as("the next read on the freed slot").isEqualTo(42);
      } finally {
        driver.close("test over");
      }
    }
  }
}
