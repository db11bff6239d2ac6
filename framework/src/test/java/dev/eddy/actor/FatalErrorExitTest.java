package dev.eddy.actor;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.eddy.config.EddyConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code eddy.actor.fatal-error = exit-jvm}: a fatal error in an actor exits the JVM with status
 * 70. Run in a child JVM (the test's own class path), since it ends the process.
 */
class FatalErrorExitTest {

  /** The child: an actor that throws an InternalError; the JVM must exit by itself. */
  public static final class Child {
    public static void main(String[] args) {
      ActorSystem system = ActorSystem.create("fatal-exit", EddyConfig.load(ConfigFactory
          .parseString("eddy.runtime.workers = 1\neddy.actor.fatal-error = exit-jvm")));
      system.spawn(Actors.<String>receive((ctx, m) -> {
        throw new InternalError("fatal on purpose");
      }), "fatal").tell("go");
      // Nothing else ends this process: the runtime's worker threads keep it alive.
    }
  }

  @Test
  void exitJvmExitsWithStatus70() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp",
        System.getProperty("java.class.path"), Child.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exited").isTrue();
      assertThat(child.exitValue()).isEqualTo(70);
    } finally {
      child.destroyForcibly();
    }
  }
}
