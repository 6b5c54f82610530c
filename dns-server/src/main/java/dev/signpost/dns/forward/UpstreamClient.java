package dev.signpost.dns.forward;

import dev.signpost.dns.transport.IoTransport;
import dev.signpost.dns.transport.TransportChoice;
import dev.signpost.dns.wire.PayloadSizes;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Sends one query to one upstream: over UDP, and again over TCP when the UDP answer is truncated.
 *
 * <p>Against cache poisoning (RFC 5452) every UDP query gets its own socket on a random port and a
 * random id, and only a reply from the upstream's address and port carrying that id and the same
 * question counts. Each attempt (UDP, then TCP) has its own time limit. Runs on its own small Netty
 * event loop group; nothing here blocks, and every channel is closed when its exchange ends.
 */
public final class UpstreamClient implements AutoCloseable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private static final int THREADS = 2;

  private final SecureRandom ids = new SecureRandom();
  private final long timeoutMillis;
  private final IoTransport transport;
  private final EventLoopGroup group;

  /** On the transport {@code --io auto} picks: for tests and tools. */
  public UpstreamClient(Duration attemptTimeout) {
    this(attemptTimeout, TransportChoice.auto().transport());
  }

  /**
   * @param attemptTimeout how long one attempt (the UDP query, or the TCP retry) may wait for its answer
   * @param transport the listener's, so {@code --io} chooses for the whole process
   */
  public UpstreamClient(Duration attemptTimeout, IoTransport transport) {
    if (attemptTimeout.toMillis() <= 0) {
      throw new IllegalArgumentException("the upstream timeout must be at least 1 ms, not " + attemptTimeout);
    }
    this.timeoutMillis = attemptTimeout.toMillis();
    this.transport = transport;
    this.group = transport.group(THREADS, "signpost-forward");
  }

  /**
   * @param dnssecOk whether to set EDNS's DO bit, asking for DNSSEC records
   * @return the upstream's answer whatever its response code; fails with a {@link TimeoutException} or
   *     an {@link IOException} naming the upstream
   */
  public CompletionStage<Message> query(Upstream upstream, Record question, boolean dnssecOk) {
    return udp(upstream, question, dnssecOk).thenCompose(answer -> answer.getHeader().getFlag(Flags.TC)
        ? tcp(upstream, question, dnssecOk)
        : CompletableFuture.completedFuture(answer));
  }

  private CompletableFuture<Message> udp(Upstream upstream, Record question, boolean dnssecOk) {
    Exchange exchange = new Exchange(upstream, newQuery(question, dnssecOk));
    Bootstrap bootstrap = new Bootstrap().group(group)
        .channelFactory(transport.datagram(upstream.host()))
        .handler(new UdpAnswerHandler(exchange));
    return run(bootstrap, exchange, "UDP",
        wire -> new DatagramPacket(Unpooled.wrappedBuffer(wire), upstream.socketAddress()));
  }

  private CompletableFuture<Message> tcp(Upstream upstream, Record question, boolean dnssecOk) {
    Exchange exchange = new Exchange(upstream, newQuery(question, dnssecOk));
    Bootstrap bootstrap = new Bootstrap().group(group)
        .channelFactory(transport.stream(upstream.host()))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE))
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new LengthFieldBasedFrameDecoder(PayloadSizes.TCP + 2, 0, 2, 0, 2))
                .addLast(new LengthFieldPrepender(2))
                .addLast(new TcpAnswerHandler(exchange));
          }
        });
    return run(bootstrap, exchange, "TCP", wire -> Unpooled.wrappedBuffer(wire));
  }

  private Message newQuery(Record question, boolean dnssecOk) {
    Message query = new Message(ids.nextInt(0x10000));
    query.getHeader().setFlag(Flags.RD);
    query.addRecord(Record.newRecord(question.getName(), question.getType(), question.getDClass()), Section.QUESTION);
    query.addRecord(new OPTRecord(PayloadSizes.EDNS_UDP, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
    return query;
  }

  /**
   * Opens a fresh channel (bound to port 0: the system picks a random port) connected to the upstream,
   * sends the query and waits for the exchange to complete, fail or time out; then closes the channel.
   * A connected UDP socket also has the kernel drop other sources, and reports ICMP port unreachable,
   * so an upstream that is down fails at once instead of at the timeout.
   */
  private CompletableFuture<Message> run(Bootstrap bootstrap, Exchange exchange, String transport,
      Function<byte[], Object> framing) {
    CompletableFuture<Message> answer = exchange.answer();
    Upstream upstream = exchange.upstream();
    try {
      ChannelFuture connect = bootstrap.connect(upstream.socketAddress(), wildcard(upstream.host()));
      Channel channel = connect.channel();
      answer.whenComplete((reply, failure) -> channel.close());
      ScheduledFuture<?> timer = group.next().schedule(() -> exchange.fail(new TimeoutException(
          "upstream " + upstream + " did not answer over " + transport + " within " + timeoutMillis + " ms")),
          timeoutMillis, TimeUnit.MILLISECONDS);
      answer.whenComplete((reply, failure) -> timer.cancel(false));
      connect.addListener((ChannelFutureListener) connected -> {
        if (!connected.isSuccess()) {
          exchange.fail(new IOException("cannot reach upstream " + upstream + " over " + transport + ": "
              + connected.cause(), connected.cause()));
          return;
        }
        connected.channel().writeAndFlush(framing.apply(exchange.queryWire())).addListener(written -> {
          if (!written.isSuccess()) {
            exchange.fail(new IOException("cannot send to upstream " + upstream + " over " + transport + ": "
                + written.cause(), written.cause()));
          }
        });
      });
    } catch (RuntimeException e) { // the group is shut down
      exchange.fail(new IOException("cannot query upstream " + upstream + ": " + e, e));
    }
    return answer;
  }

  private static InetSocketAddress wildcard(InetAddress upstream) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(new byte[upstream instanceof Inet6Address ? 16 : 4]), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends every exchange still waiting (they fail) and stops the threads. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
