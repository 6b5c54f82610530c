/**
 * DNS encoding that the chain and the transport share, below the handlers: the common query read straight
 * from its bytes ({@link dev.signpost.dns.wire.WireQuery}), replies as dnsjava messages
 * ({@link dev.signpost.dns.wire.ReplyMessages}) and, for the registry's common answers, as bytes written
 * with the same header and OPT rules, the sizes a reply may take ({@link dev.signpost.dns.wire.PayloadSizes})
 * and EDNS Client Subnet ({@link dev.signpost.dns.wire.ClientSubnet}).
 *
 * <p>Stateless, but for one reusable output buffer per thread. Knows nothing of the chain (it sees dnsjava
 * messages and byte arrays) and nothing of Netty. Depends on zones (the answer renderers), core's
 * {@code lb.Client} and dnsjava.
 */
package dev.signpost.dns.wire;
