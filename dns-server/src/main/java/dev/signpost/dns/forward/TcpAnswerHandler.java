package dev.signpost.dns.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;

/**
 * Reads the length-framed messages on one exchange's own TCP connection (RFC 7766). One instance per
 * exchange (not sharable). Each frame is released once read.
 */
final class TcpAnswerHandler extends SimpleChannelInboundHandler<ByteBuf> {

  private final Exchange exchange;

  TcpAnswerHandler(Exchange exchange) {
    this.exchange = exchange;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    exchange.offer(ByteBufUtil.getBytes(frame));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    exchange.fail(new IOException("upstream " + exchange.upstream() + " closed the TCP connection before an answer"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    exchange.fail(new IOException("upstream " + exchange.upstream() + " failed over TCP: " + cause, cause));
    ctx.close();
  }
}
