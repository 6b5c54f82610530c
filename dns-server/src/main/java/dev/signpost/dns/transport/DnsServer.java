package dev.signpost.dns.transport;

import dev.signpost.dns.QueryPipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The DNS listener: one UDP socket and one TCP socket on the same address and port. With port 0 both
 * get the same ephemeral port.
 */
public final class DnsServer implements AutoCloseable {

  /** How long a TCP connection may sit without a query before it is closed (RFC 7766 6.2.3). */
  public static final Duration DEFAULT_TCP_IDLE = Duration.ofSeconds(10);

  private static final int RECEIVE_BUFFER = 2 * 1024 * 1024;
  private static final int MAX_TCP_MESSAGE = 65535;
  private static final int EPHEMERAL_ATTEMPTS = 10;

  private final EventLoopGroup group;
  private final Channel udp;
  private final Channel tcp;

  private DnsServer(EventLoopGroup group, Channel udp, Channel tcp) {
    this.group = group;
    this.udp = udp;
    this.tcp = tcp;
  }

  /**
   * Binds UDP and TCP and starts answering.
   *
   * @throws ListenException with a one-line message when the address cannot be bound
   */
  public static DnsServer start(InetAddress address, int port, QueryPipeline pipeline, Duration tcpIdle) {
    EventLoopGroup group = NettyTransports.group(Runtime.getRuntime().availableProcessors(), "signpost-dns");
    try {
      UdpQueryHandler udpHandler = new UdpQueryHandler(pipeline);
      TcpQueryHandler tcpHandler = new TcpQueryHandler(pipeline);
      for (int attempt = 1; ; attempt++) {
        Channel udp = bindUdp(group, address, port, udpHandler);
        int bound = ((InetSocketAddress) udp.localAddress()).getPort();
        try {
          Channel tcp = bindTcp(group, address, bound, tcpHandler, tcpIdle);
          return new DnsServer(group, udp, tcp);
        } catch (ListenException e) {
          udp.close().syncUninterruptibly();
          // An ephemeral UDP port may be taken for TCP by someone else: try another one.
          if (port != 0 || attempt == EPHEMERAL_ATTEMPTS) {
            throw e;
          }
        }
      }
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  private static Channel bindUdp(EventLoopGroup group, InetAddress address, int port, UdpQueryHandler handler) {
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NettyTransports.datagramChannel())
        .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
        .handler(handler);
    return bind("UDP", address, port, () -> b.bind(address, port).syncUninterruptibly().channel());
  }

  private static Channel bindTcp(EventLoopGroup group, InetAddress address, int port, TcpQueryHandler handler,
      Duration idle) {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NettyTransports.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS))
                .addLast(new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE + 2, 0, 2, 0, 2))
                .addLast(new LengthFieldPrepender(2))
                .addLast(handler);
          }
        });
    return bind("TCP", address, port, () -> b.bind(address, port).syncUninterruptibly().channel());
  }

  private static Channel bind(String protocol, InetAddress address, int port, java.util.function.Supplier<Channel> bind) {
    try {
      return bind.get();
    } catch (Exception e) { // Netty rethrows the native bind error, a checked IOException, unchecked.
      if (e instanceof ListenException le) {
        throw le;
      }
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof BindException)) {
        cause = cause.getCause();
      }
      throw new ListenException("cannot listen for DNS (" + protocol + ") on "
          + new InetSocketAddress(address, port) + ": " + cause.getMessage(), e);
    }
  }

  /** The bound address; UDP and TCP share it. */
  public InetSocketAddress address() {
    return (InetSocketAddress) udp.localAddress();
  }

  /** Stops accepting queries and releases the sockets and threads. */
  @Override
  public void close() {
    udp.close().syncUninterruptibly();
    tcp.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
