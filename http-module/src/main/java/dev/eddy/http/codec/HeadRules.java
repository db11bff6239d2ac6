package dev.eddy.http.codec;

import dev.eddy.http.Headers;

/**
 * The semantic rules of a message head (RFC 9112 §3.2, §6, §9.3 and RFC 9110 §10.1.1): gathers
 * what the framing and connection fields say as the parser meets them, then decides the framing
 * or rejects the head. Works on the parser's bytes, so recognising a field costs no string. The
 * field syntax (Content-Length lists, Transfer-Encoding codings, Connection options) is the same
 * for requests and responses; {@link #finish} applies the request's rules and {@link
 * #finishResponse} the response's (RFC 9112 §6.3).
 *
 * <p>Owned by one parser; not thread-safe. {@link #reset()} before each message.
 */
final class HeadRules {

  private static final byte[] CONTINUE = ascii("100-continue");
  private static final byte[] CHUNKED = ascii("chunked");
  private static final byte[] CLOSE = ascii("close");
  private static final byte[] KEEP_ALIVE = ascii("keep-alive");

  private final HttpLimits limits;
  private final boolean response;
  private int hosts;
  private long contentLength;
  private boolean transferEncoding;
  private boolean chunkedLast;
  private String otherCoding;
  private boolean close;
  private boolean keepAlive;
  private boolean expectContinue;

  /** Rules for requests, or with {@code response} for responses (no Host, no Expect). */
  HeadRules(HttpLimits limits, boolean response) {
    this.limits = limits;
    this.response = response;
  }

  void reset() {
    hosts = 0;
    contentLength = -1;
    transferEncoding = false;
    chunkedLast = false;
    otherCoding = null;
    close = false;
    keepAlive = false;
    expectContinue = false;
  }

  /** Takes in field {@code id} (a {@link FieldNames} index) whose value is {@code b[from, to)}. */
  void field(int id, byte[] b, int from, int to) throws HttpParseException {
    if (response && (id == FieldNames.HOST || id == FieldNames.EXPECT)) {
      return; // request fields: meaningless in a response, left to whoever reads the headers
    }
    switch (id) {
      case FieldNames.HOST -> host(b, from, to);
      case FieldNames.CONTENT_LENGTH -> contentLength(b, from, to);
      case FieldNames.TRANSFER_ENCODING -> transferEncoding(b, from, to);
      case FieldNames.CONNECTION -> connection(b, from, to);
      case FieldNames.EXPECT -> expect(b, from, to);
      default -> { }
    }
  }

  /** Checks the head as a whole and decides how its body is framed. */
  RequestHead finish(String method, String target, HttpVersion version, Headers fields)
      throws HttpParseException {
    boolean http11 = version == HttpVersion.HTTP_1_1;
    if (http11 && hosts == 0) {
      throw bad("missing Host header; an HTTP/1.1 request must have exactly one (RFC 9112 §3.2)");
    }
    checkAuthority(target, fields);
    BodyFraming framing;
    long length;
    if (transferEncoding) {
      if (!http11) {
        throw bad("Transfer-Encoding in an HTTP/1.0 request; expected Content-Length framing "
            + "(RFC 9112 §6.1)");
      }
      if (contentLength >= 0) {
        throw bad("both Content-Length and Transfer-Encoding; a request must have exactly one "
            + "framing (RFC 9112 §6.3)");
      }
      if (!chunkedLast) {
        throw bad("Transfer-Encoding " + Ascii.show(fields.get("Transfer-Encoding"))
            + " does not end with chunked, so the body length is unknown (RFC 9112 §6.3)");
      }
      if (otherCoding != null) {
        throw new HttpParseException(501, "transfer coding " + Ascii.show(otherCoding)
            + " is not implemented; expected Transfer-Encoding: chunked alone");
      }
      framing = BodyFraming.CHUNKED;
      length = -1;
    } else if (contentLength >= 0) {
      if (contentLength > limits.maxBodySize()) {
        throw new HttpParseException(413, "Content-Length " + contentLength
            + " exceeds the limit of " + limits.maxBodySize() + " bytes (max-body-size)");
      }
      framing = BodyFraming.LENGTH;
      length = contentLength;
    } else {
      framing = BodyFraming.NONE;
      length = 0;
    }
    boolean persistent = !close && (http11 || keepAlive);
    return new RequestHead(method, target, version, fields.readOnly(), framing, length, persistent,
        http11 && expectContinue);
  }

  /**
   * Checks a response head as a whole and decides how its body is framed (RFC 9112 §6.3): no
   * body for a HEAD request, 1xx, 204 and 304; chunked when Transfer-Encoding ends with chunked;
   * Content-Length; otherwise the body runs until the connection closes.
   *
   * @param headRequest whether the request was HEAD, so the response has no body whatever its
   *     fields say
   */
  ResponseHead finishResponse(int status, String reason, HttpVersion version, Headers fields,
      boolean headRequest) throws HttpParseException {
    boolean http11 = version == HttpVersion.HTTP_1_1;
    BodyFraming framing;
    long length;
    if (transferEncoding && contentLength >= 0) {
      throw bad("both Content-Length and Transfer-Encoding in a response; a sender must not "
          + "send both, and the framing is ambiguous (RFC 9112 §6.3)");
    }
    if (transferEncoding && !http11) {
      throw bad("Transfer-Encoding in an HTTP/1.0 response; expected Content-Length framing or "
          + "a body that ends with the connection (RFC 9112 §6.1)");
    }
    if (headRequest || status < 200 || status == 204 || status == 304) {
      framing = BodyFraming.NONE;
      length = 0;
    } else if (transferEncoding) {
      if (otherCoding != null) {
        throw new HttpParseException(501, "transfer coding " + Ascii.show(otherCoding)
            + " is not supported; expected Transfer-Encoding: chunked alone");
      }
      // Not ending with chunked: the body ends with the connection (RFC 9112 §6.3, item 4).
      framing = chunkedLast ? BodyFraming.CHUNKED : BodyFraming.CLOSE;
      length = -1;
    } else if (contentLength >= 0) {
      if (contentLength > limits.maxBodySize()) {
        throw new HttpParseException(413, "Content-Length " + contentLength
            + " exceeds the limit of " + limits.maxBodySize() + " bytes (max-body-size)");
      }
      framing = BodyFraming.LENGTH;
      length = contentLength;
    } else {
      framing = BodyFraming.CLOSE;
      length = -1;
    }
    boolean persistent = !close && (http11 || keepAlive) && framing != BodyFraming.CLOSE;
    return new ResponseHead(version, status, reason, fields.readOnly(), framing, length,
        persistent);
  }

  /**
   * {@code 100-continue} is the only expectation defined (RFC 9110 §10.1.1); any other one, or a
   * list, cannot be met: 417 rather than ignoring what the client counts on.
   */
  private void expect(byte[] b, int from, int to) throws HttpParseException {
    if (!equalsIgnoreCase(b, from, to, CONTINUE)) {
      throw new HttpParseException(417, "Expect " + Ascii.show(b, from, to)
          + " cannot be met; the only expectation supported is 100-continue");
    }
    expectContinue = true;
  }

  /**
   * An absolute-form target names the authority the client means, and RFC 9112 §3.2.2 makes it
   * win over {@code Host}. An app routes and builds links from {@code Host}, and a front proxy may
   * go by the target: rather than let the two disagree, a target whose authority is not the
   * {@code Host} value (ignoring ASCII case) is refused.
   */
  private static void checkAuthority(String target, Headers fields) throws HttpParseException {
    int scheme = target.indexOf("://");
    if (target.startsWith("/") || scheme < 0) {
      return; // origin-form, asterisk-form or an absolute URI without an authority
    }
    int from = scheme + 3;
    int to = from;
    while (to < target.length() && "/?#".indexOf(target.charAt(to)) < 0) {
      to++;
    }
    String authority = target.substring(from, to);
    String host = fields.get("Host");
    if (host != null && !authority.equalsIgnoreCase(host)) {
      throw bad("request-target authority " + Ascii.show(authority) + " differs from Host "
          + Ascii.show(host) + "; expected the same host[:port] in both (RFC 9112 §3.2.2)");
    }
  }

  private void host(byte[] b, int from, int to) throws HttpParseException {
    if (++hosts > 1) {
      throw bad("duplicate Host header; expected exactly one (RFC 9112 §3.2)");
    }
    for (int i = from; i < to; i++) {
      if (!Ascii.is(b[i], Ascii.HOST)) {
        throw bad("Host " + Ascii.show(b, from, to) + ": invalid character " + Ascii.show(b[i])
            + "; expected host[:port]");
      }
    }
  }

  /** A list of equal decimal lengths (RFC 9110 §8.6); signs, spaces inside, empty items: 400. */
  private void contentLength(byte[] b, int from, int to) throws HttpParseException {
    int i = from;
    for (;;) {
      int start = i;
      long value = 0;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        int digit = b[i] - '0';
        if (value > (Long.MAX_VALUE - digit) / 10) {
          throw bad("Content-Length " + Ascii.show(b, from, to) + " overflows a 63-bit length");
        }
        value = value * 10 + digit;
        i++;
      }
      if (i == start) {
        throw bad("Content-Length " + Ascii.show(b, from, to) + ": expected digits only");
      }
      if (contentLength >= 0 && contentLength != value) {
        throw bad("conflicting Content-Length values " + contentLength + " and " + value);
      }
      contentLength = value;
      i = skipWhitespace(b, i, to);
      if (i == to) {
        return;
      }
      if (b[i] != ',') {
        throw bad("Content-Length " + Ascii.show(b, from, to) + ": expected digits only");
      }
      i = skipWhitespace(b, i + 1, to);
    }
  }

  /**
   * A list of codings, accumulated across repeated fields: chunked must come last and only once;
   * a coding after chunked makes the body length unknowable, so that is a framing error (400).
   */
  private void transferEncoding(byte[] b, int from, int to) throws HttpParseException {
    transferEncoding = true;
    int i = from;
    for (;;) {
      int start = i;
      while (i < to && Ascii.is(b[i], Ascii.TOKEN)) {
        i++;
      }
      if (i == start) {
        throw bad("Transfer-Encoding " + Ascii.show(b, from, to)
            + ": expected a comma-separated list of codings such as chunked");
      }
      if (chunkedLast) {
        throw bad("Transfer-Encoding " + Ascii.show(b, from, to)
            + ": chunked must be the final coding and appear once (RFC 9112 §6.1)");
      }
      boolean chunked = equalsIgnoreCase(b, start, i, CHUNKED);
      if (chunked) {
        chunkedLast = true;
      } else if (otherCoding == null) {
        otherCoding = new String(b, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
      i = skipWhitespace(b, i, to);
      if (i < to && b[i] == ';') {
        if (chunked) {
          throw bad("Transfer-Encoding " + Ascii.show(b, from, to)
              + ": chunked takes no parameters");
        }
        while (i < to && b[i] != ',') {
          i++; // parameters of a coding we refuse anyway
        }
      }
      if (i == to) {
        return;
      }
      if (b[i] != ',') {
        throw bad("Transfer-Encoding " + Ascii.show(b, from, to)
            + ": expected a comma-separated list of codings such as chunked");
      }
      i = skipWhitespace(b, i + 1, to);
    }
  }

  private void connection(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int start = i;
      while (i < to && b[i] != ',') {
        i++;
      }
      int end = i;
      while (end > start && (b[end - 1] == Ascii.SP || b[end - 1] == Ascii.HTAB)) {
        end--;
      }
      close |= equalsIgnoreCase(b, start, end, CLOSE);
      keepAlive |= equalsIgnoreCase(b, start, end, KEEP_ALIVE);
      i = skipWhitespace(b, i + 1, to);
    }
  }

  private static int skipWhitespace(byte[] b, int i, int to) {
    while (i < to && (b[i] == Ascii.SP || b[i] == Ascii.HTAB)) {
      i++;
    }
    return i;
  }

  /** Whether {@code b[from, to)} is {@code lowerCaseAscii} ignoring ASCII case. */
  static boolean equalsIgnoreCase(byte[] b, int from, int to, byte[] lowerCaseAscii) {
    if (to - from != lowerCaseAscii.length) {
      return false;
    }
    for (int i = 0; i < lowerCaseAscii.length; i++) {
      if (Ascii.lower(b[from + i]) != lowerCaseAscii[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static HttpParseException bad(String reason) {
    return new HttpParseException(400, reason);
  }
}
