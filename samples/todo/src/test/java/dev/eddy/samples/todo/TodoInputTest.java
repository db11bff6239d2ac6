package dev.eddy.samples.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.http.HttpError;
import dev.eddy.http.Problem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Validation without a server: the edge cases of titles and ids, and the errors' wording. */
class TodoInputTest {

  private final TodoInput input = new TodoInput(5);

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Problem refusal(Runnable call) {
    try {
      call.run();
    } catch (HttpError e) {
      return e.problem();
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void countsTitleLengthInCharactersNotBytesOrUtf16Units() {
    assertThat(input.parseCreate(json("{\"title\": \"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"
        + "\uD83D\uDE00\uD83D\uDE00\"}")).title()).hasSize(10); // 5 emoji, 10 UTF-16 units
    assertThat(refusal(() -> input.parseCreate(json("{\"title\": \"abcdef\"}"))).errors())
        .containsExactly(new Problem.FieldError("#/title",
            "is 6 characters long: expected at most 5"));
  }

  @Test
  void stripsTitlesAndDefaultsDoneToFalse() {
    assertThat(input.parseCreate(json("{\"title\": \" ab \"}")))
        .isEqualTo(new TodoInput.Draft("ab", false));
    assertThat(input.parsePatch(json("{\"done\": true}")))
        .isEqualTo(new TodoInput.Patch(null, true));
  }

  @Test
  void refusesTrailingDataAfterTheObject() {
    Problem p = refusal(() -> input.parseCreate(json("{\"title\": \"a\"} {}")));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).startsWith("more data after the JSON object at line 1, column")
        .endsWith(": expected a single JSON object");
    assertThat(p.errors()).isNull();
  }

  @Test
  void escapesFieldNamesInPointers() {
    assertThat(refusal(() -> input.parseCreate(json("{\"title\": \"a\", \"a/b~c\": 1}")))
        .errors()).extracting(Problem.FieldError::pointer).containsExactly("#/a~1b~0c");
  }

  @Test
  void acceptsOnlyPlainPositiveIds() {
    assertThat(TodoInput.parseId("42")).isEqualTo(42);
    assertThat(TodoInput.parseId(String.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    String longId = "1".repeat(60);
    assertThat(refusal(() -> TodoInput.parseId(longId)).detail())
        .isEqualTo("todo id '" + "1".repeat(40) + "...': expected a positive integer such as 42");
  }

  @Test
  void acceptsJsonMediaTypesOnly() {
    TodoInput.requireJson(null);
    TodoInput.requireJson("application/json; charset=utf-8");
    TodoInput.requireJson("application/merge-patch+json");
    assertThatThrownBy(() -> TodoInput.requireJson("text/json"))
        .isInstanceOf(HttpError.class)
        .hasMessage("Content-Type 'text/json': expected application/json");
  }
}
