package dev.eddy.http.codec;

/** The protocol versions the parser accepts; any other well-formed {@code HTTP/x.y} gets 505. */
public enum HttpVersion {
  HTTP_1_0("HTTP/1.0"),
  HTTP_1_1("HTTP/1.1");

  private final String text;

  HttpVersion(String text) {
    this.text = text;
  }

  /** As on the wire, e.g. {@code HTTP/1.1}. */
  @Override
  public String toString() {
    return text;
  }
}
