package dev.signpost.dns.forward;

import dev.signpost.core.Addresses;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Reads the datagrams arriving on one exchange's own socket; counts only those from the upstream's
 * address and port. One instance per exchange (not sharable). Each packet is released once read.
 */
final class UdpAnswerHandler extends SimpleChannelInboundHandler<DatagramPacket> {

  private final Exchange exchange;

  UdpAnswerHandler(Exchange exchange) {
    this.exchange = exchange;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    if (fromUpstream(packet.sender())) {
      exchange.offer(ByteBufUtil.getBytes(packet.content()));
    }
  }

  private boolean fromUpstream(InetSocketAddress sender) {
    Upstream upstream = exchange.upstream();
    return sender != null && sender.getPort() == upstream.port()
        && Addresses.unmapped(sender.getAddress()).equals(Addresses.unmapped(upstream.host()));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    exchange.fail(new IOException("the UDP socket to upstream " + exchange.upstream() + " closed before an answer"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Typically ICMP port unreachable on the connected socket: nothing listens there.
    exchange.fail(new IOException("upstream " + exchange.upstream() + " failed over UDP: " + cause, cause));
  }
}
