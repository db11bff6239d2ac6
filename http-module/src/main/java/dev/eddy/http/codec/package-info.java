/**
 * The HTTP/1.1 wire codec of the server and the client (internal: it may change with them, and
 * users never see it). {@link dev.eddy.http.codec.MessageParser} holds what requests and
 * responses share (field lines, Content-Length, chunked and close-delimited bodies, trailers);
 * {@link dev.eddy.http.codec.RequestParser} (server) and {@link
 * dev.eddy.http.codec.ResponseParser} (client) add their start line and head rules, strictly per
 * RFC 9112 and within {@link dev.eddy.http.codec.HttpLimits}; every refusal is an {@link
 * dev.eddy.http.codec.HttpParseException}. {@link dev.eddy.http.codec.MessageEncoder} holds the
 * shared writing (field checks against splitting, framing, chunks): {@link
 * dev.eddy.http.codec.ResponseEncoder} writes responses, {@link
 * dev.eddy.http.codec.RequestEncoder} requests.
 *
 * <p>Parsers and encoders belong to one connection and are not thread-safe; {@link
 * dev.eddy.http.codec.HttpDate} and the value types ({@link dev.eddy.http.codec.RequestHead},
 * {@link dev.eddy.http.Headers} once handed out, {@link
 * dev.eddy.http.codec.HttpLimits}) may be shared.
 */
package dev.eddy.http.codec;

import dev.eddy.http.Headers;
