package dev.signpost.dns.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.QueryHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/** Response rate limiting over real UDP sockets: by client network, with slips, and never over TCP. */
class RateLimitEndToEndTest {

  private static final int RATE = 20;
  private static final int FLOOD = 400;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DnsServer server;

  @BeforeEach
  void start() {
    QueryHandler answer = (request, next) -> {
      Message reply = new Message(request.query().getHeader().getID());
      reply.getHeader().setFlag(Flags.QR);
      reply.addRecord(request.question(), Section.QUESTION);
      reply.addRecord(new ARecord(request.qname(), DClass.IN, 5, InetAddress.getLoopbackAddress()), Section.ANSWER);
      return CompletableFuture.completedFuture(DnsReply.of(reply));
    };
    server = DnsServer.start(InetAddress.getLoopbackAddress(), 0, new QueryPipeline(List.of(answer)),
        new DnsLimits(100, DnsLimits.DEFAULT_TCP_IDLE_TIMEOUT, DnsLimits.DEFAULT_TCP_IO_TIMEOUT,
            new RateLimit(RATE, 2, List.of())), new TransportMeters(registry), TransportChoice.auto());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aFloodingNetworkGetsItsRateAndHalfTheRestTruncatedWhileOtherNetworksAndTcpAreAnswered() throws Exception {
    long started = System.nanoTime();
    int[] flood = floodFrom("127.0.0.1");
    double seconds = (System.nanoTime() - started) / 1e9;
    int full = flood[0];
    int truncated = flood[1];
    // The burst allowance, plus what refills while the flood is sent and answered (however slow the machine).
    assertThat(full).isBetween(RATE, RATE + (int) Math.ceil(RATE * seconds) + 1);
    int limited = FLOOD - full;
    assertThat(truncated).isBetween(limited / 2 - 2, limited / 2 + 2);
    assertThat(counter("slipped")).isEqualTo(truncated);
    assertThat(counter("dropped")).isEqualTo(limited - truncated);

    // Another /24 (loopback answers for all of 127/8) has its own allowance.
    assertThat(floodFrom("127.0.1.1")[0]).isGreaterThanOrEqualTo(RATE);
    // TCP proves the source and is never limited, even for the flooding network.
    try (Socket tcp = new Socket()) {
      tcp.bind(new InetSocketAddress("127.0.0.1", 0));
      tcp.connect(server.address());
      tcp.setSoTimeout(5000);
      for (int i = 0; i < 50; i++) {
        byte[] q = TcpBoundsTest.query("web.service.local.", i);
        tcp.getOutputStream().write(ByteBuffer.allocate(2 + q.length).putShort((short) q.length).put(q).array());
        DataInputStream in = new DataInputStream(tcp.getInputStream());
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        assertThat(new Message(reply).getSection(Section.ANSWER)).hasSize(1);
      }
    }
  }

  /** Sends {@link #FLOOD} queries from {@code source} at once; returns {full answers, truncated answers}. */
  private int[] floodFrom(String source) throws IOException {
    int full = 0;
    int truncated = 0;
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(source, 0))) {
      udp.setReceiveBufferSize(1 << 20);
      for (int i = 0; i < FLOOD; i++) {
        byte[] q = TcpBoundsTest.query("web.service.local.", i);
        udp.send(new DatagramPacket(q, q.length, server.address()));
      }
      udp.setSoTimeout(500);
      DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
      while (true) {
        try {
          udp.receive(in);
        } catch (SocketTimeoutException done) {
          break;
        }
        Message reply = new Message(Arrays.copyOf(in.getData(), in.getLength()));
        if (reply.getHeader().getFlag(Flags.TC)) {
          truncated++;
        } else {
          full++;
        }
      }
    }
    return new int[] {full, truncated};
  }

  private double counter(String action) {
    return registry.get("signpost.dns.rate.limited").tag("action", action).counter().count();
  }
}
