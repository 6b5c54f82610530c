package dev.signpost.dns.transport;

import dev.signpost.dns.DnsRequest;
import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.Transport;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;

/** Answers each datagram with at most one datagram; nothing a client sends can stop the listener. */
@Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  private static final System.Logger LOG = System.getLogger(UdpQueryHandler.class.getName());

  private final QueryDecoder decoder = new QueryDecoder();
  private final QueryPipeline pipeline;

  UdpQueryHandler(QueryPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    InetSocketAddress sender = packet.sender();
    byte[] wire = ByteBufUtil.getBytes(packet.content());
    QueryDecoder.Decoded decoded = decoder.decode(wire, sender, Transport.UDP);
    if (decoded instanceof QueryDecoder.Immediate i) {
      send(ctx, i.reply(), sender);
    } else if (decoded instanceof QueryDecoder.Query q) {
      DnsRequest request = q.request();
      pipeline.handle(request).whenComplete((reply, failure) -> {
        if (reply != null) {
          send(ctx, reply.message().toWire(request.maxReplySize()), sender);
        }
      });
    }
  }

  private static void send(ChannelHandlerContext ctx, byte[] reply, InetSocketAddress to) {
    ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(reply), to), ctx.voidPromise());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A UDP socket serves every client: one bad exchange must never close it.
    LOG.log(Level.DEBUG, "UDP exchange failed", cause);
  }
}
