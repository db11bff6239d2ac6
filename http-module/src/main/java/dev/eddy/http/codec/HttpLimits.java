package dev.eddy.http.codec;

import static dev.eddy.config.Settings.requireArg;

/**
 * The size limits a {@link RequestParser} enforces: the server builds them from its {@link
 * dev.eddy.http.HttpServerConfig} (keys under {@code eddy.http.server}). Immutable.
 *
 * <table>
 *   <caption>Limits, the key that sets each, and the status a request past it gets</caption>
 *   <tr><th>component</th><th>key</th><th>status</th></tr>
 *   <tr><td>{@link #maxRequestLine}</td><td>max-request-line</td><td>414 (RFC 9112 §3)</td></tr>
 *   <tr><td>{@link #maxHeaderBytes}</td><td>max-header-bytes</td><td>431 (RFC 6585 §5)</td></tr>
 *   <tr><td>{@link #maxHeaders}</td><td>max-headers</td><td>431</td></tr>
 *   <tr><td>{@link #maxBodySize}</td><td>max-body-size</td><td>413 (RFC 9110 §15.5.14)</td></tr>
 * </table>
 *
 * @param maxRequestLine bytes of the request line (method, target, version, separators and any
 *     empty lines before it); also bounds one chunk-size line of a chunked body (400 past it)
 * @param maxHeaderBytes bytes of the header section after the request line, line ends included;
 *     the trailer section has the same budget
 * @param maxHeaders header fields per request (and trailer fields per body)
 * @param maxBodySize body bytes per request: checked against Content-Length before any body byte
 *     is read, and against the running total at each chunk size
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaders, long maxBodySize) {

  /**
   * Bytes of chunk extensions one chunked body may carry in all (after each chunk size, up to the
   * CR); past it 400. Extensions are checked and dropped, so without a budget per body a client
   * could send up to {@code maxRequestLine} bytes of them per 1-byte chunk, and {@code
   * maxBodySize} would not bound the bytes (and the parser time) of one body (as Go's
   * CVE-2023-39326). Real senders use none or a few short ones.
   */
  public static final int MAX_CHUNK_EXTENSION_BYTES = 4096;

  /** Checks the invariants that the config reader checks, for values set in code. */
  public HttpLimits {
    requireArg(maxRequestLine >= 16, "maxRequestLine", maxRequestLine, "at least 16");
    requireArg(maxHeaderBytes >= 2, "maxHeaderBytes", maxHeaderBytes, "at least 2");
    requireArg(maxHeaders >= 1, "maxHeaders", maxHeaders, "at least 1");
    requireArg(maxBodySize >= 0, "maxBodySize", maxBodySize, "at least 0");
  }

}
