package dev.eddy.http.fs;

import dev.eddy.http.Body;
import dev.eddy.http.Endpoint;
import dev.eddy.http.Request;
import dev.eddy.http.Response;
import dev.eddy.http.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints behind {@code Route.serveDir} and {@code Route.serveFile}: find the file (see
 * {@link SafePath}), then answer GET and HEAD with it.
 *
 * <p><b>Validators.</b> Every answer carries {@code Last-Modified} (the modification time, whole
 * seconds) and a weak {@code ETag} made of the size and the modification time in milliseconds:
 * weak, because equal size and time make the same content likely, not certain. {@code
 * If-None-Match} (weak comparison, or {@code *}) and, only when that header is absent, {@code
 * If-Modified-Since} turn the answer into 304 (RFC 9110 §13.2.2).
 *
 * <p><b>Ranges</b> (GET only, RFC 9110 §14): see {@link ByteRange}; {@code Accept-Ranges: bytes}
 * on every answer. {@code If-Range} with a date equal to {@code Last-Modified} keeps the range;
 * with an entity tag it never matches (ours are weak, and If-Range compares strongly), so the
 * whole file is sent, which is always correct.
 *
 * <p><b>Reading.</b> Finding the file and checking its attributes block on the file system, so
 * they run through {@link Offload}; a file (or range) of at most {@link #WHOLE_READ_LIMIT} bytes is
 * read there at once into memory, a bigger one streams as a {@link FileBody}.
 *
 * <p>Stateless; the endpoints may run on any thread, concurrently.
 */
public final class StaticFiles {

  /**
   * Files (or ranges) up to this many bytes are read whole into the response, which then takes
   * the server's fast path for in-memory bodies; bigger ones stream in chunks. One chunk, so that
   * no file costs more memory whole than it would streamed.
   */
  static final int WHOLE_READ_LIMIT = FileBody.CHUNK;

  private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

  // Not RFC_1123_DATE_TIME for output: it drops the leading zero of the day (IMF-fixdate has it).
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private StaticFiles() {}

  /**
   * Serves the files below {@code root}: the sub-path is what the route's wildcard matched
   * ({@link Request#rawWildcard()}; nothing, on a route without one: then {@code
   * root/index.html}).
   */
  public static <S> Endpoint<S> directory(Path root) {
    return req -> {
      List<String> tail = SafePath.rawTail(req);
      List<String> names = tail == null ? null : SafePath.names(tail, root.getFileSystem());
      if (names == null) {
        log.debug("Refused unsafe static path {} below {}", req.rawPath(), root);
        return notFound();
      }
      return Offload.call(() -> {
        SafePath.Found found = SafePath.resolve(root, names);
        return found == null ? notFound() : respond(req, found.file(), found.attributes());
      });
    };
  }

  /** Serves {@code file}, whatever the request's sub-path. */
  public static <S> Endpoint<S> file(Path file) {
    return req -> Offload.call(() -> {
      Path real;
      BasicFileAttributes attrs;
      try {
        real = file.toRealPath();
        attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        return notFound();
      }
      return attrs.isRegularFile() ? respond(req, real, attrs) : notFound();
    });
  }

  /**
   * A streamed body of the whole of {@code file}, for {@code Response.file}: its size is read
   * now (one stat), its bytes in chunks as the client takes them.
   */
  public static Body wholeFile(Path file) throws IOException {
    return new FileBody(file, 0, Files.size(file));
  }

  private static Response notFound() {
    return Response.text(Status.NOT_FOUND, "Not Found");
  }

  /** The answer to {@code req} with {@code file}. Blocks (it may read the file). */
  static Response respond(Request<?> req, Path file, BasicFileAttributes attrs)
      throws IOException {
    long size = attrs.size();
    long modified = attrs.lastModifiedTime().toMillis();
    long modifiedSecond = Math.floorDiv(modified, 1000);
    String etag = "W/\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + "\"";
    String lastModified = IMF_FIXDATE.format(Instant.ofEpochSecond(modifiedSecond));
    if (notModified(req, etag, modifiedSecond)) {
      return validators(Response.of(Status.NOT_MODIFIED), etag, lastModified);
    }
    boolean get = req.method().equals("GET");
    String ifRange = req.header("If-Range");
    boolean rangeAllowed = get && (ifRange == null || ifRange.trim().equals(lastModified));
    ByteRange range = ByteRange.parse(rangeAllowed ? req.header("Range") : null, size);
    if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
      return validators(Response.text(Status.RANGE_NOT_SATISFIABLE, "Range Not Satisfiable: "
          + "the file has " + size + " bytes"), etag, lastModified)
          .header("Content-Range", "bytes */" + size);
    }
    String type = MediaTypes.of(file.getFileName().toString());
    long length = range.kind() == ByteRange.Kind.PART ? range.length() : size;
    Response response = get && length <= WHOLE_READ_LIMIT
        ? Response.bytes(readWhole(file, range.first(), (int) length), type)
        : Response.stream(new FileBody(file, range.first(), length), type);
    if (range.kind() == ByteRange.Kind.PART) {
      response.status(Status.PARTIAL_CONTENT)
          .header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
    }
    return validators(response, etag, lastModified);
  }

  /**
   * The headers of every answer with a file: its validators, and {@code X-Content-Type-Options:
   * nosniff}, so a browser keeps to the type by extension instead of guessing one from the bytes
   * (a {@code .txt} or {@code .png} that holds HTML or script is not run as such).
   */
  private static Response validators(Response r, String etag, String lastModified) {
    return r.header("ETag", etag).header("Last-Modified", lastModified)
        .header("Accept-Ranges", "bytes").header("X-Content-Type-Options", "nosniff");
  }

  /** Whether the client's copy is current (RFC 9110 §13.1.2, §13.1.3, §13.2.2 steps 3 and 4). */
  private static boolean notModified(Request<?> req, String etag, long modifiedSecond) {
    List<String> noneMatch = req.headers().all("If-None-Match");
    if (!noneMatch.isEmpty()) {
      String opaque = etag.substring(2); // weak comparison: without W/
      for (String field : noneMatch) {
        for (String tag : field.split(",")) {
          String t = tag.trim();
          if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(opaque)) {
            return true;
          }
        }
      }
      return false; // If-Modified-Since is ignored when If-None-Match is present
    }
    String since = req.header("If-Modified-Since");
    if (since == null) {
      return false;
    }
    try {
      long sinceSecond = ZonedDateTime.parse(since.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
          .toEpochSecond();
      return modifiedSecond <= sinceSecond;
    } catch (DateTimeParseException e) {
      return false; // an invalid date is ignored (RFC 9110 §13.1.3)
    }
  }

  /** Reads {@code length} bytes of {@code file} from {@code start}. Blocks. */
  private static byte[] readWhole(Path file, long start, int length) throws IOException {
    byte[] bytes = new byte[length];
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (buf.hasRemaining()) {
        if (ch.read(buf, start + buf.position()) < 0) {
          throw new IOException("file " + file + " shrank while being read: expected "
              + length + " bytes from offset " + start + ", got " + buf.position());
        }
      }
    }
    return bytes;
  }
}
