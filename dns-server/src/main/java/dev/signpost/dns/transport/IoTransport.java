package dev.signpost.dns.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.Optional;

/**
 * The Netty transports Signpost can run on ({@code --io}): the same event loops, listeners and client channels
 * on Linux's io_uring, on epoll, or on the JDK's NIO. Which one runs is chosen once, at start-up
 * ({@link TransportChoice}), and handed to the listener and the forwarder: no process-wide switch.
 *
 * <p>The two native transports give each event loop thread its own UDP socket on the DNS port
 * ({@code SO_REUSEPORT}) and read datagrams in batches (epoll with {@code recvmmsg}, io_uring with several
 * {@code recvmsg}s in one submission); NIO has one UDP channel for all and reads one datagram at a time.
 */
public enum IoTransport {

  IO_URING("io_uring") {
    @Override
    public Optional<Throwable> unavailability() {
      return IoUring.isAvailable() ? Optional.empty() : Optional.of(IoUring.unavailabilityCause());
    }

    @Override
    IoHandlerFactory ioHandler() {
      return IoUringIoHandler.newFactory();
    }

    @Override
    Class<? extends ServerSocketChannel> serverChannel() {
      return IoUringServerSocketChannel.class;
    }

    @Override
    DatagramChannel datagramChannel(SocketProtocolFamily family) {
      return new IoUringDatagramChannel(family);
    }

    @Override
    SocketChannel socketChannel(SocketProtocolFamily family) {
      // io_uring's client channel has no family constructor: its socket is IPv6 where the host has IPv6, which
      // reaches IPv4 upstreams too (through v4-mapped addresses).
      return new IoUringSocketChannel();
    }

    @Override
    void batchReads(Bootstrap udp, int maxDatagram, int datagramsPerRead) {
      udp.option(IoUringChannelOption.SO_REUSEPORT, true)
          .option(IoUringChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagram * datagramsPerRead));
    }
  },

  EPOLL("epoll") {
    @Override
    public Optional<Throwable> unavailability() {
      return Epoll.isAvailable() ? Optional.empty() : Optional.of(Epoll.unavailabilityCause());
    }

    @Override
    IoHandlerFactory ioHandler() {
      return EpollIoHandler.newFactory();
    }

    @Override
    Class<? extends ServerSocketChannel> serverChannel() {
      return EpollServerSocketChannel.class;
    }

    @Override
    DatagramChannel datagramChannel(SocketProtocolFamily family) {
      return new EpollDatagramChannel(family);
    }

    @Override
    SocketChannel socketChannel(SocketProtocolFamily family) {
      return new EpollSocketChannel(family);
    }

    @Override
    void batchReads(Bootstrap udp, int maxDatagram, int datagramsPerRead) {
      udp.option(EpollChannelOption.SO_REUSEPORT, true)
          .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagram * datagramsPerRead));
    }
  },

  NIO("nio") {
    @Override
    public Optional<Throwable> unavailability() {
      return Optional.empty();
    }

    @Override
    IoHandlerFactory ioHandler() {
      return NioIoHandler.newFactory();
    }

    @Override
    Class<? extends ServerSocketChannel> serverChannel() {
      return NioServerSocketChannel.class;
    }

    @Override
    DatagramChannel datagramChannel(SocketProtocolFamily family) {
      return new NioDatagramChannel(family);
    }

    @Override
    SocketChannel socketChannel(SocketProtocolFamily family) {
      return new NioSocketChannel(SelectorProvider.provider(), family);
    }

    @Override
    public boolean socketPerThread() {
      return false;
    }

    @Override
    void batchReads(Bootstrap udp, int maxDatagram, int datagramsPerRead) {
      // NIO neither shares a port between sockets nor reads more than one datagram per call.
    }
  };

  private final String flagName;

  IoTransport(String flagName) {
    this.flagName = flagName;
  }

  /** The name {@code --io} takes, in logs and in {@code /metrics}. */
  public String flagName() {
    return flagName;
  }

  /** Why this transport cannot run here (no native library, an old kernel, io_uring disabled), if it cannot. */
  public abstract Optional<Throwable> unavailability();

  /** Whether every event loop thread gets its own UDP socket on the DNS port ({@code SO_REUSEPORT}). */
  public boolean socketPerThread() {
    return true;
  }

  /** An event loop group of daemon threads named {@code name-N}. */
  public EventLoopGroup group(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandler());
  }

  /** UDP channels of the address family of {@code peer} (a client's upstream, or a listener's own address). */
  public ChannelFactory<DatagramChannel> datagram(InetAddress peer) {
    SocketProtocolFamily family = family(peer);
    return () -> datagramChannel(family);
  }

  /** TCP client channels of the address family of {@code peer}. */
  public ChannelFactory<SocketChannel> stream(InetAddress peer) {
    SocketProtocolFamily family = family(peer);
    return () -> socketChannel(family);
  }

  abstract IoHandlerFactory ioHandler();

  abstract Class<? extends ServerSocketChannel> serverChannel();

  abstract DatagramChannel datagramChannel(SocketProtocolFamily family);

  abstract SocketChannel socketChannel(SocketProtocolFamily family);

  /**
   * Sets a listener's UDP bootstrap to share the port with the other threads' sockets and to read up to
   * {@code datagramsPerRead} datagrams of at most {@code maxDatagram} bytes at a time, where the transport can.
   * The payload option is each transport's own: Netty keys a channel option by the class that declares it.
   */
  abstract void batchReads(Bootstrap udp, int maxDatagram, int datagramsPerRead);

  private static SocketProtocolFamily family(InetAddress address) {
    return address instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
  }
}
