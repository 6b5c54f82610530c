package dev.signpost.admin.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Right after the codec, tells the connection's {@link ConnectionTimeoutHandler} where each request
 * starts and ends and when its answer is written: the codec's messages say so, the bytes before it do not.
 * A {@code 100 Continue} is not an answer; the aggregator's 413 is. One instance per connection.
 */
final class ExchangeBoundaryHandler extends ChannelDuplexHandler {

  private final ConnectionTimeoutHandler timeouts;

  ExchangeBoundaryHandler(ConnectionTimeoutHandler timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // A request the codec could not parse arrives as one full message: both a start and an end.
    if (msg instanceof HttpRequest) {
      timeouts.requestStarted();
    }
    if (msg instanceof LastHttpContent) {
      timeouts.requestRead();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean answer = msg instanceof LastHttpContent && !informational(msg);
    ctx.write(msg, promise);
    if (answer) {
      timeouts.answerWritten();
    }
  }

  private static boolean informational(Object msg) {
    return msg instanceof HttpResponse response
        && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
  }
}
