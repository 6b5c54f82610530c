package dev.signpost.admin.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Stops a connection from being read while it is shut, whoever asks: auto-read off alone is not enough,
 * since the HTTP decoder and the aggregator ask for a read whenever they hold half a message. Sits before
 * the codec, so every such request passes it on its way to the socket. One per connection; used on its
 * event loop only.
 */
final class ReadGate extends ChannelOutboundHandlerAdapter {

  private ChannelHandlerContext ctx;
  private boolean shut;

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    this.ctx = context;
  }

  void shut() {
    shut = true;
    ctx.channel().config().setAutoRead(false);
  }

  /** Reads again: turning auto-read on asks for a read, which now passes. */
  void open() {
    shut = false;
    ctx.channel().config().setAutoRead(true);
  }

  @Override
  public void read(ChannelHandlerContext context) {
    if (!shut) {
      context.read();
    }
  }
}
