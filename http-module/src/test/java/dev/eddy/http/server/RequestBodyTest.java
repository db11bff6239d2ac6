package dev.eddy.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** {@link RequestBody} between the connection's task and a handler reading on another thread. */
class RequestBodyTest {

  private static final RequestBody.Listener NO_LISTENER = new RequestBody.Listener() {
    @Override
    public void drained() {}

    @Override
    public void wantsBody() {}
  };

  /** Reads to the end: the byte count, or the failure the body ended with. */
  private static Object readAll(RequestBody body) throws InterruptedException, TimeoutException {
    long n = 0;
    while (true) {
      Optional<ByteBuffer> piece;
      try {
        piece = body.read().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        return e.getCause();
      }
      if (piece.isEmpty()) {
        return n;
      }
      n += piece.get().remaining();
    }
  }

  @Test
  void readsRacingADiscardFailAndNeverEndShort() throws Exception {
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      for (int round = 0; round < 2000; round++) {
        RequestBody body = new RequestBody(1000, 64, NO_LISTENER);
        Future<Object> outcome = reader.submit(() -> readAll(body));
        // The test thread plays the connection's task: some bytes, then the early response
        // (discard), then the rest of the body arrives and is skipped (end).
        for (int i = 0; i < round % 7; i++) {
          body.offer(ByteBuffer.wrap(new byte[8]));
        }
        body.discard();
        body.end();
        Object result = outcome.get(10, TimeUnit.SECONDS);
        assertThat(result).as("round %d: what the reader saw", round)
            .isInstanceOf(IOException.class);
        assertThat(((IOException) result).getMessage()).contains("abandoned");
      }
    } finally {
      reader.shutdownNow();
      assertThat(reader.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }
}
