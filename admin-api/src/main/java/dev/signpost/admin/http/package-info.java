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
 * Buffers are released where they are read, in {@code HttpApiHandler}.
 *
 * <p>Depends on Netty, Jackson (to describe JSON errors) and core's {@code StoreException}; never on
 * dnsjava or zones.
 */
package dev.signpost.admin.http;
