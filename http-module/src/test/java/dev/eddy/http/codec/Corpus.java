package dev.eddy.http.codec;

import java.util.List;

/** Valid wire requests covering every framing and syntax corner, for the incrementality tests. */
final class Corpus {

  static final List<String> VALID = List.of(
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
      "\r\nGET /a?b=c HTTP/1.1\r\nHost: example.com:80\r\nAccept: */*\r\nX:\r\n\r\n",
      "GET http://e.com/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
      "OPTIONS * HTTP/1.1\r\nHost: x\r\nA: \t v \t \r\n\r\n",
      "CONNECT e.com:443 HTTP/1.1\r\nHost: e.com:443\r\n\r\n",
      "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world",
      "PUT /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\nExpect: 100-continue\r\n\r\nabc",
      "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5;ext=\"a\\\"b\"\r\nhello\r\n1 ; x ; y = z\r\n!\r\n0\r\nT: 1\r\nU:  2 \r\n\r\n",
      "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
          + "A\r\n0123456789\r\n0\r\n\r\n",
      "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n"
          + "ok\r\nGET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "DELETE /caf%C3%A9 HTTP/1.1\r\nHost: x\r\nCookie: a=\u00e9\r\nUser-Agent: t\r\n\r\n");

  private Corpus() {}
}
