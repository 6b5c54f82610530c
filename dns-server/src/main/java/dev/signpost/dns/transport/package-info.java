/**
 * The DNS server's edge: Netty UDP and TCP listeners that turn bytes into {@code DnsRequest}s and
 * replies back into bytes, truncated to what the client accepts.
 *
 * <p>Entry point: {@link dev.signpost.dns.transport.DnsServer#start}. Threading: Netty event loops, one per
 * core, on the transport {@code --io} chose ({@code IoTransport}: io_uring, epoll or NIO), each with its own UDP
 * socket on the port where a native transport allows ({@code SO_REUSEPORT});
 * datagrams are read and replies sent in batches; handlers never block. Buffers are copied into byte
 * arrays and released where they are read, so no reference-counted buffer reaches the pipeline.
 *
 * <p>Bounds ({@link dev.signpost.dns.transport.DnsLimits}): a cap on TCP connections, per-connection
 * framing with idle, I/O and unread-reply timeouts and backpressure ({@code TcpFraming}), and UDP response
 * rate limiting by client network ({@code ResponseRateLimiter}, {@code SlipReply}); each counted in
 * {@link dev.signpost.dns.transport.TransportMeters} when it triggers.
 */
package dev.signpost.dns.transport;
