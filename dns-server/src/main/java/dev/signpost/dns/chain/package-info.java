/**
 * The query chain's contract and the values that travel it: a {@link dev.signpost.dns.chain.QueryHandler}
 * receives a {@link dev.signpost.dns.chain.DnsRequest} and either answers with a
 * {@link dev.signpost.dns.chain.DnsReply} or passes it on through its {@link dev.signpost.dns.chain.QueryChain},
 * never both (OkHttp's {@code Interceptor.Chain} in shape).
 *
 * <p>Handlers return {@code CompletionStage}s so slow work (forwarding) never blocks an event loop; nearly
 * every reply is ready at once, and {@link dev.signpost.dns.chain.Stages#ready} lets a wrapping handler act on
 * it without adding a stage. A request of the common shape stays in its bytes
 * ({@code dns.wire.WireQuery}) and builds dnsjava's {@code Message} only when a handler asks for it.
 * Immutable values but for {@code DnsReply}'s RA bit; no Netty here. Depends on {@code dns.wire} and dnsjava.
 */
package dev.signpost.dns.chain;
