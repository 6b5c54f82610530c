package dev.signpost.dns.transport;

import dev.signpost.core.FatalErrors;
import dev.signpost.core.TimeSource;
import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.tsig.TsigCheck;
import dev.signpost.dns.tsig.TsigKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The DNS listener: UDP and TCP on the same address and port. With port 0 both get the same ephemeral
 * port.
 *
 * <p>It runs on the transport {@code --io} chose ({@link TransportChoice}). With a native one (epoll or
 * io_uring), every event loop thread has its own UDP socket on the port ({@code SO_REUSEPORT}: the kernel
 * spreads clients over them), and reads datagrams in batches; replies go out in batches too (see
 * {@link UdpQueryHandler}). On NIO one UDP channel serves all.
 *
 * <p>Bounds ({@link DnsLimits}): TCP connections are capped ({@link TcpClients}) and each is framed by a
 * {@link TcpFraming} that times its messages and stops reading while its replies go unread; replies
 * waiting on one connection stay under {@link #TCP_WRITE_HIGH} bytes plus one reply. UDP answers may be
 * rate-limited per client network. An event loop that ends while the server runs is fatal
 * ({@link FatalErrors}): the process must not stay alive unable to answer.
 */
public final class DnsServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DnsServer.class.getName());

  /** Unread replies on one TCP connection above which reading it stops (and below which it resumes). */
  static final int TCP_WRITE_HIGH = 64 * 1024;
  private static final int TCP_WRITE_LOW = 16 * 1024;

  /** NSD's choice: the default (about 200 KB) drops queries in bursts. */
  private static final int RECEIVE_BUFFER = 2 * 1024 * 1024;
  /**
   * The largest query read whole in a batch: far above what a query carries (one question and an OPT),
   * and every byte beyond it would make the query malformed anyway.
   */
  private static final int MAX_QUERY_DATAGRAM = 4096;
  private static final int DATAGRAMS_PER_READ = 32;
  private static final int EPHEMERAL_ATTEMPTS = 10;

  private final EventLoopGroup group;
  private final List<Channel> udp;
  private final Channel tcp;
  private volatile boolean closing;

  private DnsServer(EventLoopGroup group, List<Channel> udp, Channel tcp) {
    this.group = group;
    this.udp = udp;
    this.tcp = tcp;
    for (EventExecutor loop : group) {
      loop.terminationFuture().addListener(f -> {
        if (!closing) {
          FatalErrors.escalate(new FatalErrors.Unusable("a DNS event loop ended: "
              + (f.cause() == null ? "no cause given" : f.cause())));
        }
      });
    }
  }

  /**
   * Binds with the default limits on the transport {@code auto} picks, counting into a registry of its own: for
   * tests and tools.
   */
  public static DnsServer start(InetAddress address, int port, QueryPipeline pipeline) {
    return start(address, port, pipeline, DnsLimits.defaults(), new TransportMeters(new SimpleMeterRegistry()),
        TransportChoice.auto());
  }

  /**
   * Binds UDP and TCP and starts answering.
   *
   * @throws ListenException with a one-line message when the address cannot be bound
   */
  public static DnsServer start(InetAddress address, int port, QueryPipeline pipeline, DnsLimits limits,
      TransportMeters meters, TransportChoice io) {
    return start(address, port, pipeline, limits, meters, io, TsigKeys.NONE);
  }

  /**
   * Binds UDP and TCP and starts answering; a query signed with one of {@code keys} gets a signed reply, one signed
   * otherwise NOTAUTH ({@link TsigCheck}).
   *
   * @throws ListenException with a one-line message when the address cannot be bound
   */
  public static DnsServer start(InetAddress address, int port, QueryPipeline pipeline, DnsLimits limits,
      TransportMeters meters, TransportChoice io, TsigKeys keys) {
    int threads = Runtime.getRuntime().availableProcessors();
    IoTransport transport = io.transport();
    EventLoopGroup group = transport.group(threads, "signpost-dns");
    try {
      QueryResponder responder = new QueryResponder(pipeline, new TsigCheck(keys),
          (refused, transfer) -> meters.tsigRefused(refused.error(), transfer));
      Tcp tcpHandler = new Tcp(responder, limits, meters, new TcpClients(limits.tcpMaxClients(), meters));
      Udp udpHandler = new Udp(responder, limits.rateLimit().enabled()
          ? new ResponseRateLimiter(limits.rateLimit(), TimeSource.system()) : null, limits.rateLimit().slip(), meters);
      int udpChannels = transport.socketPerThread() ? threads : 1;
      for (int attempt = 1; ; attempt++) {
        List<Channel> udp = new ArrayList<>(udpChannels);
        Channel tcp = null;
        try {
          if (port != 0) {
            // TCP first: a port another server holds fails here, before a UDP socket of ours could share
            // it through SO_REUSEPORT and take some of its queries.
            tcp = bindTcp(group, transport, address, port, tcpHandler);
          }
          udp.add(bindUdp(group, transport, address, port, udpHandler));
          int bound = ((InetSocketAddress) udp.get(0).localAddress()).getPort();
          while (udp.size() < udpChannels) {
            udp.add(bindUdp(group, transport, address, bound, udpHandler));
          }
          if (tcp == null) {
            tcp = bindTcp(group, transport, address, bound, tcpHandler);
          }
          warnIfSmall(udp.get(0));
          meters.transport(io);
          return new DnsServer(group, List.copyOf(udp), tcp);
        } catch (ListenException e) {
          udp.forEach(c -> c.close().syncUninterruptibly());
          if (tcp != null) {
            tcp.close().syncUninterruptibly();
          }
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

  /**
   * The kernel caps a socket's receive buffer at {@code net.core.rmem_max} (212,992 bytes by default) and
   * says so only by what it reports back (twice the size it granted): say it in the log, with the fix.
   */
  private static void warnIfSmall(Channel udp) {
    int granted = udp.config().getOption(ChannelOption.SO_RCVBUF);
    if (granted < RECEIVE_BUFFER) {
      LOG.log(Level.WARNING, "the UDP receive buffer is " + granted + " bytes, not the " + RECEIVE_BUFFER
          + " asked for: bursts of queries may be dropped; raise it with sysctl -w net.core.rmem_max="
          + RECEIVE_BUFFER);
    }
  }

  /** A UDP channel on the next event loop of the group, with its own handler. */
  private static Channel bindUdp(EventLoopGroup group, IoTransport transport, InetAddress address, int port,
      Udp handler) {
    Bootstrap b = new Bootstrap()
        .group(group)
        // A socket of the address's own family: an IPv6 socket bound to an IPv4 address sends every reply
        // through the kernel's IPv6 path first.
        .channelFactory(transport.datagram(address))
        .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
        .handler(handler.newHandler());
    transport.batchReads(b, MAX_QUERY_DATAGRAM, DATAGRAMS_PER_READ);
    return bind("UDP", address, port, () -> b.bind(address, port).syncUninterruptibly().channel());
  }

  private static Channel bindTcp(EventLoopGroup group, IoTransport transport, InetAddress address, int port,
      Tcp handler) {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(TCP_WRITE_LOW, TCP_WRITE_HIGH))
        .childHandler(handler);
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

  /** Each UDP channel's handler, with what they share: the responder, the rate limiter, the meters. */
  private record Udp(QueryResponder responder, ResponseRateLimiter limiter, int slip, TransportMeters meters) {
    UdpQueryHandler newHandler() {
      return new UdpQueryHandler(responder, limiter, slip, meters);
    }
  }

  /** Each accepted TCP connection's pipeline: admitted under the cap, then framed, then answered. */
  private static final class Tcp extends ChannelInitializer<SocketChannel> {
    private final QueryResponder responder;
    private final DnsLimits limits;
    private final TransportMeters meters;
    private final TcpClients clients;

    Tcp(QueryResponder responder, DnsLimits limits, TransportMeters meters, TcpClients clients) {
      this.responder = responder;
      this.limits = limits;
      this.meters = meters;
      this.clients = clients;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
      if (clients.admit(ch)) {
        TcpFraming framing = new TcpFraming(limits, meters);
        ch.pipeline().addLast(framing).addLast(new TcpQueryHandler(responder, framing));
      }
    }
  }

  /** How many UDP sockets share the port: one per event loop thread on a native transport, else one. */
  public int udpSockets() {
    return udp.size();
  }

  /** The bound address; UDP and TCP share it. */
  public InetSocketAddress address() {
    return (InetSocketAddress) udp.get(0).localAddress();
  }

  /** Stops accepting queries and releases the sockets and threads. */
  @Override
  public void close() {
    closing = true;
    udp.forEach(c -> c.close().syncUninterruptibly());
    tcp.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
