package dev.signpost.dns.transport;

import dev.signpost.core.FatalErrors;
import dev.signpost.dns.chain.Transport;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;

/**
 * Answers each datagram with at most one datagram; nothing a client sends can stop the listener. One per
 * UDP channel (it remembers whether its channel is inside a read batch).
 *
 * <p>Replies ready while their query is being read are written and flushed together when the read batch
 * ends, so the transport sends them with one {@code sendmmsg}; a reply that completes later (a forwarded
 * query) is flushed at once.
 *
 * <p>With a {@link RateLimit}, a datagram whose network is over its allowance gets no answer, or every
 * {@code slip}-th time a {@link SlipReply}; it is checked before anything is decoded, so a flood costs
 * little more than reading it.
 */
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  private static final System.Logger LOG = System.getLogger(UdpQueryHandler.class.getName());

  private final QueryResponder responder;
  /** Null without a rate limit. */
  private final ResponseRateLimiter limiter;
  private final int slip;
  private final TransportMeters meters;
  /** Limited datagrams so far on this channel: every slip-th one slips. */
  private long limited;
  /** True while this channel's event loop is inside {@link #channelRead0}; only that thread reads it. */
  private boolean reading;
  private boolean unflushed;

  UdpQueryHandler(QueryResponder responder, ResponseRateLimiter limiter, int slip, TransportMeters meters) {
    this.responder = responder;
    this.limiter = limiter;
    this.slip = slip;
    this.meters = meters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    InetSocketAddress sender = packet.sender();
    byte[] wire = ByteBufUtil.getBytes(packet.content());
    if (limiter != null && !limiter.allow(sender.getAddress())) {
      byte[] truncated = slip > 0 && ++limited % slip == 0 ? SlipReply.of(wire) : null;
      if (truncated == null) {
        meters.dropped();
      } else {
        meters.slipped();
        reading = true;
        send(ctx, truncated, sender);
        reading = false;
      }
      return;
    }
    reading = true;
    try {
      responder.respond(wire, sender, Transport.UDP, reply -> send(ctx, reply, sender));
    } finally {
      reading = false;
    }
  }

  private void send(ChannelHandlerContext ctx, byte[] reply, InetSocketAddress to) {
    // Straight into a direct buffer of the channel's allocator: a heap buffer would be copied into one.
    DatagramPacket packet = new DatagramPacket(ctx.alloc().directBuffer(reply.length).writeBytes(reply), to);
    if (reading && ctx.executor().inEventLoop()) {
      ctx.write(packet, ctx.voidPromise());
      unflushed = true;
    } else {
      ctx.writeAndFlush(packet, ctx.voidPromise());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (unflushed) {
      unflushed = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A UDP socket serves every client: one bad exchange must never close it.
    FatalErrors.escalate(cause);
    LOG.log(Level.DEBUG, "UDP exchange failed", cause);
  }
}
