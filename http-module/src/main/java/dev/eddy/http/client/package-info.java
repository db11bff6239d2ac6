/**
 * A surf-style HTTP/1.1 client on the Eddy runtime: {@link dev.eddy.http.client.Client} with a
 * keep-alive pool per host, connect/read/request timeouts, redirects, JSON bodies and {@link
 * dev.eddy.http.client.ClientMiddleware} shaped like the server's. It shares the wire codec with
 * the server ({@code dev.eddy.http.codec}). See {@code docs/http-client.md}.
 */
package dev.eddy.http.client;
