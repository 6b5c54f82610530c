package dev.signpost.admin.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Netty's aggregator with a body limit whose 413 says what went wrong: Netty's own 413 has an empty
 * body. Covers the three ways a body turns out too large: a {@code Content-Length} over the limit, a
 * chunked body that grows past it, and {@code Expect: 100-continue} with a length over it. Each time the
 * connection is closed after the 413 without reading further, unlike Netty, which reads and discards the
 * rest of a body of known length: that would let a client keep the connection busy for as long as it
 * cares to send.
 *
 * <p>Closing a socket with unread bytes sends a reset, which can reach the client before it has read the
 * 413 and make it lose the answer. So, as Go's server does, the 413 is followed at once by a FIN (the
 * client reads the answer, then the end of the stream) and the full close comes {@link #CLOSE_DELAY}
 * later; nothing more is read meanwhile. (After an oversized 100-continue the client has sent no body,
 * so Netty's immediate close is safe there.)
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

  /** Go's {@code rstAvoidanceDelay}: time for the client to read the 413 before the reset. */
  static final Duration CLOSE_DELAY = Duration.ofMillis(500);

  private final HttpConnectionStats stats;

  BodyLimitAggregator(int maxBodyBytes, HttpConnectionStats stats) {
    // closeOnExpectationFailed: the 413 answering an oversized 100-continue closes the connection too.
    super(maxBodyBytes, true);
    this.stats = stats;
  }

  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object response = super.newContinueResponse(start, maxContentLength, pipeline);
    if (response instanceof FullHttpResponse full && full.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
      full.release();
      stats.oversizedBody();
      return tooLarge();
    }
    return response;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    stats.oversizedBody();
    Channel channel = ctx.channel();
    channel.config().setAutoRead(false);
    ctx.writeAndFlush(tooLarge()).addListener(written -> {
      if (channel instanceof DuplexChannel duplex) {
        duplex.shutdownOutput();
      }
      channel.eventLoop().schedule(() -> channel.close(), CLOSE_DELAY.toNanos(), TimeUnit.NANOSECONDS);
    });
  }

  private FullHttpResponse tooLarge() {
    byte[] text = ("request body is larger than " + maxContentLength() + " bytes").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(text));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }
}
