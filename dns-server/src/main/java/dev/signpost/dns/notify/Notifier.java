package dev.signpost.dns.notify;

import dev.signpost.dns.transport.IoTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;

/**
 * Sends the NOTIFYs of {@code --notify}: a {@link NotifySender} on one Netty event loop thread
 * ({@code signpost-notify}) with one UDP socket per address family of the targets, bound to a port the system picks.
 * The socket reads only to hear the answers; a datagram from anyone else is dropped by the sender.
 */
public final class Notifier implements AutoCloseable {

  private final EventLoopGroup group;
  private final Map<Boolean, Channel> channels = new HashMap<>();
  private final NotifySender sender;

  private Notifier(EventLoopGroup group, List<NotifyTarget> targets, IoTransport transport,
      Function<Name, Optional<TSIG>> keys, MeterRegistry meters) throws InterruptedException {
    this.group = group;
    SecureRandom random = new SecureRandom();
    this.sender = new NotifySender(targets, keys, new LoopScheduler(group.next()), this::send, meters,
        () -> random.nextInt(0x10000));
    for (NotifyTarget t : targets) {
      boolean v6 = t.host() instanceof Inet6Address;
      if (!channels.containsKey(v6)) {
        Bootstrap bootstrap = new Bootstrap().group(group).channelFactory(transport.datagram(t.host()))
            .handler(new Answers());
        channels.put(v6, bootstrap.bind(wildcard(v6)).sync().channel());
      }
    }
  }

  /**
   * Binds the sockets.
   *
   * @param keys the TSIG keys by name, for the targets that name one
   * @throws IllegalArgumentException when a target names an unknown key, or a socket cannot be bound
   */
  public static Notifier start(List<NotifyTarget> targets, Function<Name, Optional<TSIG>> keys, IoTransport transport,
      MeterRegistry meters) {
    EventLoopGroup group = transport.group(1, "signpost-notify");
    try {
      return new Notifier(group, targets, transport, keys, meters);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IllegalStateException("interrupted while binding the NOTIFY socket", e);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The zone of {@code soa} has this serial now: every target hears of it. Any thread; cheap. */
  public void publish(SOARecord soa) {
    sender.publish(soa);
  }

  private void send(InetSocketAddress to, byte[] wire) {
    Channel channel = channels.get(to.getAddress() instanceof Inet6Address);
    channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(wire), to));
  }

  private static InetSocketAddress wildcard(boolean v6) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(new byte[v6 ? 16 : 4]), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the thread and closes the sockets; NOTIFYs not yet answered are dropped. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The answers, read on the sender's own thread. Each packet is released once read. */
  private final class Answers extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      if (packet.sender() != null) {
        sender.received(packet.sender(), ByteBufUtil.getBytes(packet.content()));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // An ICMP error on the unconnected socket: the retry timer covers the NOTIFY it was about.
    }
  }
}
