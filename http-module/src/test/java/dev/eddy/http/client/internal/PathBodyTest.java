package dev.eddy.http.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.runtime.Runtime;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upload read from a file lets go of the file when a read fails. */
class PathBodyTest {

  @Test
  void aFailedReadClosesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("upload.bin");
    Files.write(file, new byte[100]);
    try (Runtime runtime = Runtime.builder().workers(1).build()) {
      PathBody body = new PathBody(runtime, file, 64);
      assertThat(body.read().toCompletableFuture().get(5, TimeUnit.SECONDS)).isPresent();
      assertThat(channel(body)).isNotNull();
      Files.write(file, new byte[10]); // the file shrinks under the upload: the next read fails

      CompletableFuture<?> next = body.read().toCompletableFuture();
      assertThat(next).failsWithin(5, TimeUnit.SECONDS);
      Object ch = channel(body);
      assertThat(ch == null || !((java.nio.channels.FileChannel) ch).isOpen())
          .as("the file is closed after the failed read").isTrue();
    }
  }

  private static Object channel(PathBody body) throws ReflectiveOperationException {
    Field f = PathBody.class.getDeclaredField("channel");
    f.setAccessible(true);
    return f.get(body);
  }
}
