package dev.eddy.samples.todo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web page's files, {@code public/} on the classpath, as a directory that {@code
 * Route.serveDir} can serve. Eddy's static files take a file-system {@code Path} (they need file
 * times for {@code ETag}/{@code Last-Modified}, and ranges), so:
 *
 * <ul>
 *   <li>run from {@code target/classes} (tests, an IDE), the directory is served where it is, and
 *       edits to the page show without a restart;
 *   <li>run from the jar, {@code public/} is copied at start-up to a fresh temporary directory
 *       (a few kilobytes, a millisecond or two), which {@link #close()} deletes.
 * </ul>
 *
 * <p>This is the sample's choice, not the framework's: a service that ships its page elsewhere
 * (a container image, a CDN) points {@code serveDir} at that directory instead.
 */
final class PublicFiles implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PublicFiles.class);
  private static final String FOLDER = "public";
  private static final String INDEX = FOLDER + "/index.html";

  private final Path root;
  private final boolean extracted;

  private PublicFiles(Path root, boolean extracted) {
    this.root = root;
    this.extracted = extracted;
  }

  /**
   * Finds {@code public/} on the class path of this class, copying it out of the jar if needed.
   *
   * @throws IllegalStateException if {@code public/index.html} is not on the class path
   * @throws UncheckedIOException if the files cannot be copied
   */
  static PublicFiles open() {
    URL index = PublicFiles.class.getClassLoader().getResource(INDEX);
    if (index == null) {
      throw new IllegalStateException("resource " + INDEX + " is not on the class path: "
          + "expected it in src/main/resources, packaged into the jar");
    }
    try {
      if ("file".equals(index.getProtocol())) {
        return new PublicFiles(Path.of(index.toURI()).getParent(), false);
      }
      Path jar = Path.of(PublicFiles.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      return new PublicFiles(extract(jar), true);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("resource " + INDEX + " has an unusable URL " + index, e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy " + FOLDER + "/ out of the jar", e);
    }
  }

  private static Path extract(Path jar) throws IOException {
    Path target = Files.createTempDirectory("eddy-todo-public-");
    try (FileSystem zip = FileSystems.newFileSystem(jar);
        Stream<Path> entries = Files.walk(zip.getPath(FOLDER))) {
      Path source = zip.getPath(FOLDER);
      for (Path entry : (Iterable<Path>) entries::iterator) {
        Path copy = target.resolve(source.relativize(entry).toString());
        if (Files.isDirectory(entry)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(entry, copy);
        }
      }
    }
    log.debug("page files copied from {} to {}", jar, target);
    return target;
  }

  /** The directory holding {@code index.html} and the page's other files. */
  Path root() {
    return root;
  }

  /** Deletes the copied files, if this copied them; a failure is logged, not thrown. */
  @Override
  public void close() {
    if (!extracted) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not delete the page files copied to {}: {}", root, e.toString());
    }
  }
}
