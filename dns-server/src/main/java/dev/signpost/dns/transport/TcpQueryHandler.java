package dev.signpost.dns.transport;

import dev.signpost.dns.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;

/**
 * Answers length-framed queries on one TCP connection (RFC 7766): pipelined queries are answered as
 * each completes, an idle connection is closed, and a frame that is not a query ends the connection.
 */
@Sharable
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {

  private static final System.Logger LOG = System.getLogger(TcpQueryHandler.class.getName());

  private final QueryResponder responder;

  TcpQueryHandler(QueryResponder responder) {
    this.responder = responder;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] wire = ByteBufUtil.getBytes(frame);
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    boolean answered = responder.respond(wire, client, Transport.TCP, reply -> {
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply));
      }
    });
    if (!answered) {
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.DEBUG, "TCP connection from " + ctx.channel().remoteAddress() + " failed", cause);
    ctx.close();
  }
}
