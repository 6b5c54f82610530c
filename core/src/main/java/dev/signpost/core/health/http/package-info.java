/**
 * The HTTP/1.1 client that runs {@code http://} health checks: non-blocking, keep-alive, bounded.
 *
 * <p>Entry point: {@link dev.signpost.core.health.http.KeepAliveClient#send}, with an
 * {@link dev.signpost.core.health.http.HttpCall}; the answer is an
 * {@link dev.signpost.core.health.http.HttpAnswer}. It speaks just what a probe needs: bodiless requests,
 * answers framed by length, chunked or by the close, informational answers skipped, no TLS, no redirects
 * (the probe follows them), no pipelining.
 *
 * <p>Threading: one event loop thread ({@code signpost-probe-http}) owns every socket, the pool of idle
 * connections, the answer parsers and the deadlines; callers on any thread hand it calls through a queue
 * and get futures that it completes. Host names are resolved on an executor the caller gives.
 *
 * <p>Depends on the JDK only ({@code java.nio}); no Netty, as for all of core.
 */
package dev.signpost.core.health.http;
