package dev.signpost.dns.transport;

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

  private final QueryResponder responder;

  UdpQueryHandler(QueryPipeline pipeline) {
    this.responder = new QueryResponder(pipeline);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    InetSocketAddress sender = packet.sender();
    byte[] wire = ByteBufUtil.getBytes(packet.content());
    responder.respond(wire, sender, Transport.UDP, reply -> send(ctx, reply, sender));
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
