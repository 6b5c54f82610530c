package dev.signpost.admin.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An embedded channel with socket addresses, as the API handler expects from TCP connections. */
final class LoopbackChannel extends EmbeddedChannel {

  LoopbackChannel(ChannelHandler... handlers) {
    super(handlers);
  }

  /**
   * A channel whose event loop tells time by {@code ticker}: frozen from the start, so that the timers its
   * handlers start when it becomes active are exact.
   */
  LoopbackChannel(MockTicker ticker, ChannelHandler... handlers) {
    super(EmbeddedChannel.builder().ticker(ticker).handlers(handlers));
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
