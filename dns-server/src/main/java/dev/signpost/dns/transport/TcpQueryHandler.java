package dev.signpost.dns.transport;

import dev.signpost.core.FatalErrors;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.tsig.TsigCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
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
    boolean answered = responder.respond(wire, client, Transport.TCP, new QueryResponder.Sink() {
      @Override
      public void send(byte[] reply) {
        inLoop(ctx, () -> TcpQueryHandler.this.send(ctx, reply));
      }

      @Override
      public void stream(TsigCheck.Signed messages) {
        inLoop(ctx, () -> writeSome(ctx, messages));
      }
    });
    if (!answered) {
      ctx.close();
    }
  }

  private static void inLoop(ChannelHandlerContext ctx, Runnable task) {
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  /**
   * Writes a transfer's messages while the connection takes them, then waits for the last written to leave before
   * making more: a zone is made as fast as the client reads it, never held whole (RFC 5936 §4.1).
   */
  private void writeSome(ChannelHandlerContext ctx, TsigCheck.Signed messages) {
    ChannelFuture last = null;
    try {
      do {
        byte[] message = ctx.channel().isActive() ? messages.next() : null;
        if (message == null) {
          messages.close();
          ctx.flush();
          framing.replied();
          return;
        }
        last = ctx.write(ctx.alloc().directBuffer(2 + message.length).writeShort(message.length).writeBytes(message));
      } while (ctx.channel().isWritable());
    } catch (RuntimeException e) {
      messages.close();
      throw e;
    }
    ctx.flush();
    last.addListener(written -> {
      if (written.isSuccess()) {
        writeSome(ctx, messages);
      } else {
        messages.close();
      }
    });
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
