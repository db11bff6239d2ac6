/**
 * Static file serving behind {@link dev.eddy.http.Route#serveDir} and {@link
 * dev.eddy.http.Route#serveFile} (internal: it may change with the server, and users never see
 * it).
 *
 * <p>{@link dev.eddy.http.fs.SafePath} turns the raw request path into a file that is certainly
 * inside the root, {@link dev.eddy.http.fs.StaticFiles} answers with validators, conditional
 * requests and ranges ({@link dev.eddy.http.fs.ByteRange}), and {@link
 * dev.eddy.http.fs.FileBody} streams big files in chunks read off the workers ({@link
 * dev.eddy.http.fs.Offload}). Everything here is stateless or confined to one response; static
 * methods may be called from any thread.
 */
package dev.eddy.http.fs;
