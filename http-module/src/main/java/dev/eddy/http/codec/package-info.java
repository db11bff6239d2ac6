/**
 * The HTTP/1.1 wire codec of the server (internal: it may change with the server, and users never
 * see it). {@link dev.eddy.http.codec.RequestParser} turns the bytes of one connection into
 * request heads, body slices and ends, strictly per RFC 9112 and within {@link
 * dev.eddy.http.codec.HttpLimits}; every refusal is an {@link
 * dev.eddy.http.codec.HttpParseException} carrying the status to answer. {@link
 * dev.eddy.http.codec.ResponseEncoder} writes response heads, bodies and chunks, refusing any
 * field that could split a response.
 *
 * <p>Parsers and encoders belong to one connection and are not thread-safe; {@link
 * dev.eddy.http.codec.HttpDate} and the value types ({@link dev.eddy.http.codec.RequestHead},
 * {@link dev.eddy.http.codec.Headers} once handed out, {@link
 * dev.eddy.http.codec.HttpLimits}) may be shared.
 */
package dev.eddy.http.codec;

import dev.eddy.http.Headers;
