package dev.signpost.admin.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An embedded channel with socket addresses, as the API handler expects from TCP connections. */
final class LoopbackChannel extends EmbeddedChannel {

  LoopbackChannel(ChannelHandler... handlers) {
    super(handlers);
  }

  @Override
  protected SocketAddress localAddress0() {
    return new InetSocketAddress("127.0.0.1", 8500);
  }

  @Override
  protected SocketAddress remoteAddress0() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }
}
