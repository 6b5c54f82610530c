/**
 * The query pipeline: a chain of small {@link dev.signpost.dns.QueryHandler}s, one concern each, in the
 * order {@link dev.signpost.dns.QueryPipeline#standard} declares.
 *
 * <p>Handlers see {@link dev.signpost.dns.DnsRequest} and {@link dev.signpost.dns.DnsReply} values
 * (dnsjava messages), never Netty buffers, and return {@code CompletionStage}s so that slow work (such as
 * forwarding) never blocks an event loop. Depends on zones, core and dnsjava.
 */
package dev.signpost.dns;
