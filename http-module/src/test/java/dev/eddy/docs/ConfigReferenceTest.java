package dev.eddy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md in step with the code: every leaf key under {@code eddy} of every
 * {@code reference.conf} in the repository has a row there with its default, and every row names
 * a key that exists. This module's test classpath holds the framework's and its own
 * reference.conf; the others (the test kit's) are read from the source tree, which is also how a
 * module added later is noticed.
 */
class ConfigReferenceTest {

  private static final Path REPOSITORY = Path.of("..");
  private static final Path PAGE = REPOSITORY.resolve("docs/configuration.md");

  /** A table row: {@code | `eddy.some.key` | `default` | meaning |}. */
  private static final Pattern ROW =
      Pattern.compile("(?m)^\\| `(eddy\\.[a-z0-9.-]+)` \\| `([^`]*)` \\|");
  private static final Pattern HOCON_BLOCK = Pattern.compile("(?s)```hocon\\n(.*?)```");

  private static Map<String, String> referenceDefaults;
  private static Map<String, String> documented;
  private static String page;

  @BeforeAll
  static void load() throws IOException {
    referenceDefaults = new TreeMap<>();
    for (Path file : referenceFiles()) {
      referenceDefaults.putAll(eddyLeaves(ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false)).resolve()));
    }
    page = Files.readString(PAGE);
    documented = new TreeMap<>();
    Matcher row = ROW.matcher(page);
    while (row.find()) {
      assertThat(documented.put(row.group(1), row.group(2)))
          .as("%s is listed once in docs/configuration.md", row.group(1)).isNull();
    }
  }

  /**
   * Every {@code src/main/resources/reference.conf} of the repository. Build folders ({@code
   * target*}, which other builds may be writing) and hidden folders are not entered.
   */
  static List<Path> referenceFiles() throws IOException {
    Path wanted = Path.of("src", "main", "resources", "reference.conf");
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(REPOSITORY, EnumSet.noneOf(FileVisitOption.class), 6,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            boolean skip = !dir.equals(REPOSITORY) && (name.startsWith("target")
                || name.startsWith(".") || name.equals("archetype-resources"));
            return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (file.endsWith(wanted)) {
              found.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;   // vanished or unreadable: not a source file
          }
        });
    found.sort(null);
    return found;
  }

  /** The leaf keys under {@code eddy} with their values as the page shows them. */
  static Map<String, String> eddyLeaves(Config config) {
    Map<String, String> leaves = new TreeMap<>();
    if (config.hasPath("eddy")) {
      for (Map.Entry<String, ConfigValue> e : config.getConfig("eddy").entrySet()) {
        leaves.put("eddy." + e.getKey(), shown(e.getValue()));
      }
    }
    return leaves;
  }

  /** {@code 10s}, {@code 8KiB}, {@code true}, {@code eddy-worker-}; the empty string as "". */
  private static String shown(ConfigValue value) {
    String text = String.valueOf(value.unwrapped());
    return text.isEmpty() ? "\"\"" : text;
  }

  @Test
  void everyReferenceConfIsRead() throws IOException {
    assertThat(referenceFiles()).extracting(p -> REPOSITORY.relativize(p).toString()
        .replace('\\', '/')).contains(
            "framework/src/main/resources/reference.conf",
            "framework/testkit/src/main/resources/reference.conf",
            "http-module/src/main/resources/reference.conf");
    // What this module's classpath loads (framework + http) is a part of what was read. Not
    // defaultReference(): it lays system properties over the files (the build sets eddy.target).
    Map<String, String> onClasspath = eddyLeaves(ConfigFactory.parseResources(
        ConfigReferenceTest.class.getClassLoader(), "reference.conf").resolve());
    assertThat(onClasspath).containsKeys("eddy.runtime.workers", "eddy.http.server.max-body-size",
        "eddy.http.client.max-redirects");
    assertThat(referenceDefaults).containsAllEntriesOf(onClasspath);
  }

  @Test
  void everyKeyIsDocumentedWithItsDefault() {
    assertThat(documented).as("rows of docs/configuration.md (key -> default)")
        .containsAllEntriesOf(referenceDefaults);
  }

  @Test
  void everyDocumentedKeyExists() {
    assertThat(referenceDefaults.keySet()).as("keys of the reference.conf files")
        .containsAll(documented.keySet());
  }

  @Test
  void everyHoconExampleParsesAndSetsOnlyRealKeys() {
    Matcher block = HOCON_BLOCK.matcher(page);
    int blocks = 0;
    while (block.find()) {
      blocks++;
      Config example = ConfigFactory.parseString(block.group(1),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
      assertThat(referenceDefaults.keySet()).as("keys set by:\n" + block.group(1))
          .containsAll(eddyLeaves(example).keySet());
    }
    assertThat(blocks).isPositive();
  }
}
