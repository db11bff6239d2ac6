/**
 * Server-sent events behind {@link dev.eddy.http.Route#sse} (internal: it may change with the
 * server, and users never see it). {@link dev.eddy.http.sse.SseStream} is both the {@link
 * dev.eddy.http.Sse} an endpoint sends to and the response {@link dev.eddy.http.Body} the server
 * reads from; {@link dev.eddy.http.sse.SseRoutes} makes the endpoint.
 */
package dev.eddy.http.sse;
