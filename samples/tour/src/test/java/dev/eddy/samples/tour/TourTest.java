package dev.eddy.samples.tour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TourTest {

  @Test
  void tourRunsEveryStepAndReportsIt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long sum;
    try (Runtime runtime = Runtime.builder().workers(2).build();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      sum = Tour.run(runtime, 5_000, out);
    }
    String report = bytes.toString(StandardCharsets.UTF_8);
    assertThat(sum).isEqualTo(5_000L * 5_001 / 2);
    assertThat(report)
        .contains("sum of the first 1000 squares, from 1000 tasks: 333833500")
        .contains("received 5000 messages")
        .contains("timed out after PT0.02S")
        .containsPattern("blocking work ran on eddy-blocking-\\d+|blocking work ran on \\S*")
        .contains("Done:");
    assertThat(report).containsPattern("slept (\\d{2,}) ms");
  }
}
