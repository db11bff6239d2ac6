package dev.eddy.http.fs;

import dev.eddy.http.HttpError;
import dev.eddy.http.Request;
import dev.eddy.http.internal.Uris;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the path of a request onto a file that is certainly inside a served directory. Path
 * traversal is stopped twice, so that one slip cannot open the file system:
 *
 * <ol>
 *   <li><b>By name, before the file system is asked.</b> The sub-path is taken from the
 *       <em>raw</em> request path, split on {@code /} first and percent-decoded segment by
 *       segment, so {@code %2f} cannot forge a separator. A decoded segment is refused if it is
 *       empty ({@code a//b}, {@code //etc/passwd}), starts with a dot ({@code .}, {@code ..},
 *       hidden files such as {@code .env} or {@code .git}), or holds {@code /}, a backslash, NUL
 *       or another control character, or if the platform would read it as more than one plain
 *       file name (a drive letter, an absolute path).
 *   <li><b>By location, after resolving links.</b> The root and the file are both resolved with
 *       {@link Path#toRealPath}, and the file is served only if its real path lies below the real
 *       root and has no hidden name on the way there, so a symbolic link inside the root that
 *       points outside it (or at a dot-file) is not followed.
 * </ol>
 *
 * <p>The work is linear in the length of the path: the sub-path comes from the router's split
 * of it, and one deeper than {@link #MAX_DEPTH} segments is refused before anything is decoded.
 *
 * <p>A refused path is answered like a missing file (404), so a client cannot probe what exists.
 * Malformed percent-encoding is a 400 (from {@link Uris#decode}). Static, any thread; {@link
 * #resolve} blocks on the file system.
 */
public final class SafePath {

  /** The file a directory request serves, if it exists. */
  static final String INDEX = "index.html";

  /**
   * The most segments a served sub-path may have; a deeper one is refused (404) before any
   * segment is decoded. No real site nests files this deep, and it caps the work a request-target
   * of a few kilobytes of {@code a/a/a/...} can ask of the name checks and the file system.
   */
  static final int MAX_DEPTH = 64;

  private SafePath() {}

  /** A regular file found below a root, by its real path, with its attributes. */
  record Found(Path file, BasicFileAttributes attributes) {}

  /**
   * The raw (undecoded) segments of the part of {@code req}'s path that the route's wildcard
   * matched ({@link Request#rawWildcard()}, taken from the router's split of the path, so finding
   * it is free); empty when it matched nothing or the route has none; {@code null} (refused) when
   * there are more than {@link #MAX_DEPTH}.
   */
  static List<String> rawTail(Request<?> req) {
    List<String> raw = req.rawWildcard();
    return raw.size() > MAX_DEPTH ? null : raw;
  }

  /**
   * The file names that {@code rawSegments} spell, or {@code null} if any is not a plain,
   * visible file name (see the type's documentation).
   *
   * @throws HttpError 400 for malformed percent-encoding
   */
  static List<String> names(List<String> rawSegments, FileSystem fs) {
    List<String> names = new ArrayList<>(rawSegments.size());
    for (String raw : rawSegments) {
      String name = Uris.decode(raw, false);
      if (!isPlainName(name, fs)) {
        return null;
      }
      names.add(name);
    }
    return names;
  }

  private static boolean isPlainName(String name, FileSystem fs) {
    if (name.isEmpty() || name.charAt(0) == '.') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
        return false;
      }
    }
    try {
      Path p = fs.getPath(name);
      return !p.isAbsolute() && p.getRoot() == null && p.getNameCount() == 1
          && p.getFileName().toString().equals(name);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * The regular file that {@code names} denote below {@code root}, or {@code index.html} for a
   * directory; {@code null} if there is none, or it lies outside the root, or is hidden. Blocks.
   */
  static Found resolve(Path root, List<String> names) {
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      return null; // no root (yet): nothing to serve
    }
    Path candidate = names.isEmpty() ? realRoot : realRoot.resolve(realRoot.getFileSystem()
        .getPath(names.get(0), names.subList(1, names.size()).toArray(new String[0])));
    try {
      Path real = within(realRoot, candidate);
      if (real == null) {
        return null;
      }
      BasicFileAttributes attrs =
          Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attrs.isDirectory()) {
        real = within(realRoot, real.resolve(INDEX));
        if (real == null) {
          return null;
        }
        attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      }
      // Not a FIFO or device: opening those could block forever or read without end.
      return attrs.isRegularFile() ? new Found(real, attrs) : null;
    } catch (IOException e) {
      return null; // gone, unreadable, a loop of links, a file used as a directory...
    }
  }

  /** The real path of {@code candidate} if it is {@code realRoot} or visibly below it, else null. */
  private static Path within(Path realRoot, Path candidate) throws IOException {
    Path real = candidate.toRealPath();
    if (!real.startsWith(realRoot)) {
      return null;
    }
    for (Path name : realRoot.relativize(real)) {
      String s = name.toString();
      if (s.startsWith(".")) {
        return null; // a link inside the root to a hidden file is still hidden
      }
    }
    return real;
  }
}
