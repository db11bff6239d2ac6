/**
 * The tide-style HTTP/1.1 server and surf-style client. Nothing is public here yet: the server
 * arrives with the HTTP server issue, on top of the reactor and TCP layers of {@code
 * eddy-framework}.
 */
package dev.eddy.http;
