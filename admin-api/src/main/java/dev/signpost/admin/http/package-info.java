/**
 * The admin API's HTTP machinery, free of any Consul specifics: the Netty pipeline
 * ({@link dev.signpost.admin.http.AdminChannelInitializer}), the route table and dispatch
 * ({@link dev.signpost.admin.http.HttpRouter}, {@link dev.signpost.admin.http.Route}), the Netty-free
 * request and response values resources see, the one error-to-status mapping
 * ({@link dev.signpost.admin.http.ApiErrors}) and Consul-style blocking queries
 * ({@link dev.signpost.admin.http.BlockingQuery} over the registry index).
 *
 * <p>Threading: requests are handled on the connection's event loop; nothing here blocks it. Stages that
 * complete elsewhere (a durable write, an index change) hop back to the event loop before writing.
 * Buffers are released where they are read, in {@code HttpApiHandler}, which also tells an
 * {@link dev.signpost.admin.http.HttpRequestObserver} of each answered request by its route's pattern (the
 * launcher's meters: no Micrometer here).
 *
 * <p>Bounds: everything a client can make the server hold is limited, and each limit that triggers is
 * counted in {@link dev.signpost.admin.http.HttpConnectionStats}. Connections over the cap get a 503 and
 * are closed unread ({@code ConnectionCapHandler}); a connection with no request in progress is closed
 * after the idle timeout, and a request must arrive whole (headers and body) within the request timeout
 * of its first byte, while the wait for an answer (a blocking query) is not limited by either
 * ({@code ConnectionTimeoutHandler}, driven by {@code ExchangeBoundaryHandler}); the request line and
 * headers are limited by the codec (4 KiB, 8 KiB), and a body over the limit gets a 413 and a close
 * ({@code BodyLimitAggregator}). Requests are answered one at a time, in order, with reading stopped
 * meanwhile ({@code RequestSequencer}, {@code ReadGate}), so a client that never reads holds one answer,
 * and an answer unread for the request timeout closes the connection. Timers run on the connection's
 * event loop.
 *
 * <p>TLS: with a {@code ServerTls} each connection gets an {@code SslHandler} after the deadlines, so a
 * handshake is timed as a request is, and {@code TlsHandshakeHandler} ends that timing and counts failed
 * handshakes. Host check: {@code HostCheckHandler}, right before the API handler, answers 400 to an
 * HTTP/1.1 request without exactly one {@code Host} and 403 to one whose host {@link
 * dev.signpost.admin.http.AllowedHosts} refuses (DNS rebinding). Static files: {@code StaticFilesHandler},
 * after the host check, answers {@code /}, {@code /ui} and {@code /ui/*} from {@link
 * dev.signpost.admin.http.StaticFiles} (the dashboard, no token needed) and passes everything else on.
 *
 * <p>Depends on Netty, Jackson (to describe JSON errors), core's {@code StoreException} and this module's
 * {@code tls} package; never on dnsjava or zones.
 */
package dev.signpost.admin.http;
