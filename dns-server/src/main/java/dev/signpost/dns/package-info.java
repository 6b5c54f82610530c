/**
 * The DNS side of Signpost, and the one place that declares the order of the query chain:
 * {@link dev.signpost.dns.QueryPipeline#standard} links the handlers of {@code dns.handlers} (metrics →
 * recover → RA → CHAOS → wire rules → static zones → registry zone → forwarder → refuse).
 *
 * <p>The packages below, from the edge in: {@code dns.transport} (Netty UDP and TCP, framing, rate
 * limits) decodes a datagram into a {@code dns.chain.DnsRequest} and sends back the
 * {@code dns.chain.DnsReply}; {@code dns.chain} holds the handler contract and those values;
 * {@code dns.handlers} one concern per handler; {@code dns.wire} the encoding they share (the common
 * query's bytes, reply headers and EDNS, the sizes a reply may take); {@code dns.forward} the upstream
 * resolvers; {@code dns.metrics} the Micrometer meters; {@code dns.launcher} wires every module into a
 * process. Only the transport, the forwarder and the launcher touch Netty; only the launcher touches
 * admin-api.
 */
package dev.signpost.dns;
