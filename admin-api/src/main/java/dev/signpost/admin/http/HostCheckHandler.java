package dev.signpost.admin.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Checks each request's {@code Host} before any route sees it: exactly one is required on HTTP/1.1 (400
 * otherwise, as RFC 9112 3.2 says), and it must be one the {@link AllowedHosts} allow (403 naming it
 * otherwise). A refused request is answered with a plain-text message and its connection closed. Requests
 * the codec could not parse pass on, to be answered 400 as malformed. Stateless, so one instance serves
 * every connection; placed right before the API handler, so its answers are sequenced and timed as any other.
 */
@Sharable
final class HostCheckHandler extends ChannelInboundHandlerAdapter {

  private final AllowedHosts allowed;

  HostCheckHandler(AllowedHosts allowed) {
    this.allowed = allowed;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isFailure()) {
      ctx.fireChannelRead(msg);
      return;
    }
    Optional<FullHttpResponse> refusal = refusal(request, (InetSocketAddress) ctx.channel().localAddress());
    if (refusal.isEmpty()) {
      ctx.fireChannelRead(msg);
      return;
    }
    request.release();
    ctx.writeAndFlush(refusal.get()).addListener(ChannelFutureListener.CLOSE);
  }

  private Optional<FullHttpResponse> refusal(FullHttpRequest request, InetSocketAddress local) {
    List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      return Optional.of(plain(HttpResponseStatus.BAD_REQUEST, "more than one Host header"));
    }
    if (hosts.isEmpty()) {
      // HTTP/1.0 had no Host; browsers, the only clients DNS rebinding can use, always send one.
      return request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? Optional.empty()
          : Optional.of(plain(HttpResponseStatus.BAD_REQUEST, "missing Host header: HTTP/1.1 requires one"));
    }
    return allowed.refusal(hosts.get(0), local).map(why -> plain(HttpResponseStatus.FORBIDDEN, why));
  }

  private static FullHttpResponse plain(HttpResponseStatus status, String message) {
    byte[] body = message.replaceAll("[\\r\\n]+", " ").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer(body));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }
}
