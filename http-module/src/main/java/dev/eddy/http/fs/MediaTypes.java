package dev.eddy.http.fs;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code Content-Type} of a file from its extension: a small table of the types a web
 * front end serves. Text types say {@code charset=utf-8}, since files of a modern front end are
 * UTF-8 and browsers would otherwise guess. Unknown extensions are {@code
 * application/octet-stream}, which browsers download rather than render (no content sniffing into
 * HTML). Static, any thread.
 */
public final class MediaTypes {

  /** The type of a file whose extension is not in the table. */
  public static final String DEFAULT = "application/octet-stream";

  private static final String UTF8 = ";charset=utf-8";

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("html", "text/html" + UTF8),
      Map.entry("htm", "text/html" + UTF8),
      Map.entry("css", "text/css" + UTF8),
      Map.entry("js", "text/javascript" + UTF8), // RFC 9239
      Map.entry("mjs", "text/javascript" + UTF8),
      Map.entry("txt", "text/plain" + UTF8),
      Map.entry("csv", "text/csv" + UTF8),
      Map.entry("md", "text/markdown" + UTF8),
      Map.entry("xml", "text/xml" + UTF8),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("webmanifest", "application/manifest+json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("avif", "image/avif"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("wasm", "application/wasm"),
      Map.entry("pdf", "application/pdf"),
      Map.entry("zip", "application/zip"),
      Map.entry("gz", "application/gzip"),
      Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("ttf", "font/ttf"),
      Map.entry("otf", "font/otf"),
      Map.entry("mp4", "video/mp4"),
      Map.entry("webm", "video/webm"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("ogg", "audio/ogg"),
      Map.entry("wav", "audio/wav"));

  private MediaTypes() {}

  /** The type of {@code fileName} by its extension (any case). */
  public static String of(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0 || dot == fileName.length() - 1) {
      return DEFAULT;
    }
    String type = BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    return type != null ? type : DEFAULT;
  }
}
