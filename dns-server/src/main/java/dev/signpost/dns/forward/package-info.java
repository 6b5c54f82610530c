/**
 * Forwarding of names we are not authoritative for to upstream resolvers, with a TTL-honouring cache
 * (RFC 1035, negative answers per RFC 2308) and the defences of RFC 5452 against forged answers.
 *
 * <p>Entry point: {@link dev.signpost.dns.forward.ForwardHandler}, the query chain's last resort, which
 * asks a {@link dev.signpost.dns.forward.Forwarder} for clients the
 * {@link dev.signpost.dns.forward.RecursionPolicy} allows. The forwarder tries its
 * {@link dev.signpost.dns.forward.Upstream}s in order through an
 * {@link dev.signpost.dns.forward.UpstreamClient} (UDP, and TCP when truncated), shares identical
 * queries in flight, and moves an upstream that timed out to the back of the order for a while.
 *
 * <p>Threading: the client runs on its own small Netty event loop group; nothing blocks, and handlers get
 * {@code CompletionStage}s that complete on it (or at once from the cache). Time is core's
 * {@code TimeSource}, whose nanoseconds are also the cache's {@code Ticker}, so tests drive expiry without
 * waiting. Buffers are copied into byte arrays and released where they are read.
 *
 * <p>Depends on the query chain's types ({@code dev.signpost.dns}), core's {@code TimeSource}, dnsjava, Netty,
 * Caffeine and Micrometer; nothing outside this package depends on anything but its public classes.
 */
package dev.signpost.dns.forward;
