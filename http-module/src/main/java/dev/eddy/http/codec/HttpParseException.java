package dev.eddy.http.codec;

/**
 * A request the server must refuse: {@link #status()} is the status to answer with (400, 413,
 * 414, 431, 501 or 505) and the message says which value was bad and what was expected. After
 * this exception the parser that threw it is dead, framing is lost, and the server answers and
 * closes the connection.
 *
 * <p>No stack trace is filled in: hostile input is routine for a server, and the message already
 * says where the input went wrong.
 */
public final class HttpParseException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the status code to answer with
   * @param reason what was wrong, naming the bad value and what was expected
   */
  public HttpParseException(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  /** The status code to answer with. */
  public int status() {
    return status;
  }

  @Override
  public String toString() {
    return "HttpParseException(" + status + "): " + getMessage();
  }
}
