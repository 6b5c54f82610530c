/**
 * The query pipeline: a chain of small {@link dev.signpost.dns.QueryHandler}s, one concern each, in the
 * order {@link dev.signpost.dns.QueryPipeline#standard} declares.
 *
 * <p>Handlers see {@link dev.signpost.dns.DnsRequest} and {@link dev.signpost.dns.DnsReply} values,
 * never Netty buffers, and return {@code CompletionStage}s so that slow work (such as forwarding) never
 * blocks an event loop. Depends on zones, core and dnsjava.
 *
 * <p>The common query travels the same chain as bytes: a request of the common shape
 * ({@link dev.signpost.dns.WireQuery}) builds its dnsjava message only when a handler asks for it, and the
 * registry zone's handler answers A, AAAA and SRV questions with bytes ({@code EncodedReplies}, a
 * {@link dev.signpost.dns.DnsReply#encoded} reply) identical to what dnsjava would have encoded. A handler
 * acts on a reply that is ready at once ({@link dev.signpost.dns.Stages}) rather than adding a stage.
 */
package dev.signpost.dns;
