package dev.signpost.admin.http;

import dev.signpost.admin.json.JsonCodec;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Each accepted connection's pipeline: HTTP/1.1 codec, then the body limit (aggregating the body), then
 * the API handler. Accepted channels join {@code channels} so that closing the server can close them.
 */
public final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {

  private final ChannelGroup channels;
  private final int maxBodyBytes;
  private final HttpApiHandler handler;

  public AdminChannelInitializer(ChannelGroup channels, int maxBodyBytes, HttpRouter router, JsonCodec json) {
    this.channels = channels;
    this.maxBodyBytes = maxBodyBytes;
    this.handler = new HttpApiHandler(router, new ApiErrors(), json);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    channels.add(ch);
    ch.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("body", new BodyLimitAggregator(maxBodyBytes))
        .addLast("api", handler);
  }
}
