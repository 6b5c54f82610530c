package dev.signpost.dns.transport;

import dev.signpost.core.FatalErrors;
import dev.signpost.dns.chain.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;

/**
 * Answers the queries {@link TcpFraming} cuts from one TCP connection (RFC 7766): pipelined queries are
 * answered as each completes, each reply with its two-byte length; a frame that is not a query ends the
 * connection. One per connection, beside its framing, which it tells of every reply written.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {

  private static final System.Logger LOG = System.getLogger(TcpQueryHandler.class.getName());

  private final QueryResponder responder;
  private final TcpFraming framing;

  TcpQueryHandler(QueryResponder responder, TcpFraming framing) {
    this.responder = responder;
    this.framing = framing;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    byte[] wire = ByteBufUtil.getBytes(frame);
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    boolean answered = responder.respond(wire, client, Transport.TCP, reply -> {
      if (ctx.executor().inEventLoop()) {
        send(ctx, reply);
      } else {
        ctx.executor().execute(() -> send(ctx, reply));
      }
    });
    if (!answered) {
      ctx.close();
    }
  }

  private void send(ChannelHandlerContext ctx, byte[] reply) {
    if (ctx.channel().isActive()) {
      ByteBuf framed = ctx.alloc().directBuffer(2 + reply.length).writeShort(reply.length).writeBytes(reply);
      ctx.writeAndFlush(framed, ctx.voidPromise());
      framing.replied();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    FatalErrors.escalate(cause);
    LOG.log(Level.DEBUG, "TCP connection from " + ctx.channel().remoteAddress() + " failed", cause);
    ctx.close();
  }
}
