package dev.eddy.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command line: the port from the first argument or {@code PORT}. */
class TodoServiceTest {

  @Test
  void portsComeFromTheArgumentOrPortAndAreChecked() {
    assertThat(TodoService.port("8080")).isEqualTo(8080);
    assertThat(TodoService.port("0")).isZero();
    assertThatThrownBy(() -> TodoService.port("80a"))
        .hasMessage("port '80a' (first argument or PORT): expected an integer from 0 to 65535");
    assertThatThrownBy(() -> TodoService.port("70000"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
