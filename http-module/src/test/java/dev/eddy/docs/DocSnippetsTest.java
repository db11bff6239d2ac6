package dev.eddy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the newcomer chapters of docs/ honest: every Java block says where it is compiled, with a
 * {@code <!-- compiled: PATH -->} line right above it (a sample's source, or a {@code *GuideTest}),
 * and that file still contains the block (indentation aside, since a snippet is usually cut from
 * inside a class); blocks of other languages with such a line are checked the same way. Every
 * relative link of these pages points to a file that exists.
 *
 * <p>The chapters with snippets of their own (runtime, tcp, actors, http-server) are checked by
 * their own guide tests.
 */
class DocSnippetsTest {

  private static final Path REPOSITORY = Path.of("..");
  private static final Pattern BLOCK =
      Pattern.compile("(?s)(?:<!-- compiled: (\\S+) -->\\n)?```(\\w*)\\n(.*?)```");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]+)(#[^)]*)?\\)");

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "getting-started.md", "concepts.md", "configuration.md",
      "testing.md", "performance.md", "comparison.md"})
  void everySnippetIsInTheFileItNames(String page) throws IOException {
    String text = Files.readString(REPOSITORY.resolve("docs").resolve(page));
    Matcher m = BLOCK.matcher(text);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      String source = m.group(1);
      String language = m.group(2);
      String block = m.group(3);
      if (language.equals("java")) {
        assertThat(source).as("the <!-- compiled: PATH --> line above a java block of %s:%n%s",
            page, block).isNotNull();
      }
      if (source != null) {
        Path file = REPOSITORY.resolve(source);
        assertThat(file).as("source named in %s", page).isRegularFile();
        assertThat(normalized(Files.readString(file)))
            .as("%s shows this block from %s", page, source).contains(normalized(block));
        checked.add(source);
      }
    }
    if (page.equals("getting-started.md") || page.equals("testing.md")) {
      assertThat(checked).as("snippets of " + page).hasSizeGreaterThan(3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "getting-started.md", "concepts.md", "configuration.md",
      "testing.md", "performance.md", "comparison.md"})
  void everyRelativeLinkResolves(String page) throws IOException {
    Path docs = REPOSITORY.resolve("docs");
    Matcher m = LINK.matcher(Files.readString(docs.resolve(page)));
    while (m.find()) {
      String target = m.group(1);
      if (!target.matches("^[a-z]+:.*")) {
        assertThat(docs.resolve(target)).as("link %s in %s", target, page).exists();
      }
    }
  }

  /** Each line without its leading and trailing blanks, so that indentation does not matter. */
  static String normalized(String code) {
    return code.lines().map(String::strip).collect(Collectors.joining("\n")).strip();
  }
}
