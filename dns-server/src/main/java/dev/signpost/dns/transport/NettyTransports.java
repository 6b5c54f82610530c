package dev.signpost.dns.transport;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;

/**
 * Netty's native epoll transport where the platform has it, NIO elsewhere: for the listeners here and
 * for the forwarder's client channels.
 */
public final class NettyTransports {

  private NettyTransports() {}

  static boolean nativeEpoll() {
    return Epoll.isAvailable();
  }

  /** An event loop group of daemon threads named {@code name-N}. */
  public static EventLoopGroup group(int threads, String name) {
    IoHandlerFactory io = nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
  }

  static Class<? extends ServerSocketChannel> serverChannel() {
    return nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** UDP channels of the address family of {@code peer} (a client's upstream, or a listener's own address). */
  public static ChannelFactory<DatagramChannel> datagram(InetAddress peer) {
    SocketProtocolFamily family = family(peer);
    return nativeEpoll() ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
  }

  /** TCP client channels of the address family of {@code peer}. */
  public static ChannelFactory<SocketChannel> stream(InetAddress peer) {
    SocketProtocolFamily family = family(peer);
    return nativeEpoll() ? () -> new EpollSocketChannel(family)
        : () -> new NioSocketChannel(SelectorProvider.provider(), family);
  }

  private static SocketProtocolFamily family(InetAddress address) {
    return address instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
  }
}
