package dev.signpost.admin.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Netty's aggregator with a body limit whose 413 says what went wrong: Netty's own 413 has an empty
 * body. Covers the three ways a body turns out too large: a {@code Content-Length} over the limit, a
 * chunked body that grows past it, and {@code Expect: 100-continue} with a length over it. As in Netty,
 * the connection stays open when the rest of the body can be skipped, and is closed otherwise.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

  BodyLimitAggregator(int maxBodyBytes) {
    super(maxBodyBytes, true);
  }

  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object response = super.newContinueResponse(start, maxContentLength, pipeline);
    if (response instanceof FullHttpResponse full && full.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
      full.release();
      return tooLarge(false);
    }
    return response;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    boolean close = oversized instanceof FullHttpMessage
        || !ctx.channel().config().isAutoRead()
        || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
    var write = ctx.writeAndFlush(tooLarge(close));
    write.addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  private FullHttpResponse tooLarge(boolean close) {
    byte[] text = ("request body is larger than " + maxContentLength() + " bytes").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(text));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length);
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }
}
