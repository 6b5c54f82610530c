package dev.signpost.admin.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * First in every pipeline: admits a connection while fewer than the limit are open, and counts it until
 * it closes. Over the limit it answers a short 503 and closes without reading a byte, so a flood of
 * connections costs one write each. The 503 is written as ready-made bytes because it goes out before
 * the HTTP codec, and before any request. Over TLS nothing can be said before a handshake, which the cap
 * exists to spare: the connection is closed without a word. One instance serves every connection of a
 * server.
 */
@Sharable
final class ConnectionCapHandler extends ChannelInboundHandlerAdapter {

  private final int maxConnections;
  private final HttpConnectionStats stats;
  private final byte[] refusal;

  /** @param tls whether connections speak TLS, so that no plain-text 503 can be sent */
  ConnectionCapHandler(int maxConnections, HttpConnectionStats stats, boolean tls) {
    this.maxConnections = maxConnections;
    this.stats = stats;
    this.refusal = tls ? null : refusal(maxConnections);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (stats.tryOpen(maxConnections)) {
      ctx.channel().closeFuture().addListener(closed -> stats.connectionClosed());
      ctx.fireChannelActive();
      return;
    }
    stats.connectionRefused();
    // Turned off before the head of the pipeline starts the first read, which therefore never happens.
    ctx.channel().config().setAutoRead(false);
    if (refusal == null) {
      ctx.close();
      return;
    }
    ctx.writeAndFlush(Unpooled.wrappedBuffer(refusal)).addListener(ChannelFutureListener.CLOSE);
  }

  private static byte[] refusal(int maxConnections) {
    String body = "too many connections (limit " + maxConnections + ")";
    String response = "HTTP/1.1 503 Service Unavailable\r\n"
        + "content-type: text/plain; charset=utf-8\r\n"
        + "content-length: " + body.length() + "\r\n"
        + "connection: close\r\n"
        + "\r\n"
        + body;
    return response.getBytes(StandardCharsets.US_ASCII);
  }
}
