/**
 * Middleware that ships with Eddy, each a small class with a static factory to pass to {@link
 * dev.eddy.http.App#with} or {@link dev.eddy.http.Route#with}:
 *
 * <ul>
 *   <li>{@link dev.eddy.http.middleware.Logging#requests()}: one log line per request;
 *   <li>{@link dev.eddy.http.middleware.RequestId#create()}: a request id, taken from the client
 *       or made up, as an extension and a response header;
 *   <li>{@link dev.eddy.http.middleware.Cors}: cross-origin resource sharing, preflights
 *       included;
 *   <li>{@link dev.eddy.http.middleware.Guards}: a deadline for the answer and a per-route body
 *       limit.
 * </ul>
 *
 * <p>Order matters as for any middleware: each sees what the ones added before it did. A usual
 * stack is {@code RequestId}, then {@code Logging} (so its lines carry the id), then {@code Cors},
 * then the guards, at app or route level.
 */
package dev.eddy.http.middleware;
