package dev.signpost.dns.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.QueryHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What a TCP client can make the listener hold, tried over real loopback sockets. */
class TcpBoundsTest {

  /** Long enough that a loaded machine never makes an open test connection look idle. */
  private static final Duration IDLE = Duration.ofSeconds(3);
  private static final Duration IO = Duration.ofMillis(400);
  /**
   * What the non-reading client tries to send: far more than the kernel's socket buffers on both sides
   * can hold (tcp_wmem and tcp_rmem allow a few MB each), so only a server that reads it all takes it.
   */
  private static final long OFFERED = 48L << 20;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private DnsServer server;

  /** Every query gets 40 AAAA records: about a kilobyte a reply, as a large service's answer is. */
  private static final QueryHandler LARGE_ANSWERS = (request, next) -> {
    Message reply = new Message(request.query().getHeader().getID());
    reply.getHeader().setFlag(org.xbill.DNS.Flags.QR);
    reply.addRecord(request.question(), Section.QUESTION);
    for (int i = 1; i <= 40; i++) {
      reply.addRecord(new AAAARecord(request.qname(), DClass.IN, 5,
          address("2001:db8::" + Integer.toHexString(i))), Section.ANSWER);
    }
    return CompletableFuture.completedFuture(DnsReply.of(reply));
  };

  /** Names under {@code slow.} are answered a second late, as a forwarded query waiting on an upstream is. */
  private static final java.util.concurrent.ScheduledExecutorService LATER =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "late-answers");
        t.setDaemon(true);
        return t;
      });
  private static final QueryHandler SLOW_NAMES = (request, next) -> {
    if (!request.qname().toString().startsWith("slow.")) {
      return next.proceed(request);
    }
    CompletableFuture<DnsReply> later = new CompletableFuture<>();
    LATER.schedule(() -> later.complete(LARGE_ANSWERS.handle(request, next).toCompletableFuture().join()),
        1, java.util.concurrent.TimeUnit.SECONDS);
    return later;
  };

  private void start(int maxClients) {
    server = DnsServer.start(InetAddress.getLoopbackAddress(), 0, new QueryPipeline(List.of(SLOW_NAMES, LARGE_ANSWERS)),
        new DnsLimits(maxClients, IDLE, IO, RateLimit.OFF), new TransportMeters(registry), TransportChoice.auto());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aClientThatNeverReadsIsNoLongerReadAndThenClosedWhileOthersAreAnswered() throws Exception {
    start(10);
    byte[] framed = framed(query("big.service.local.", 1));
    try (SocketChannel flood = SocketChannel.open(server.address())) {
      flood.configureBlocking(false);
      // Each 2-byte-framed query asks for about 1 KB: 30 times what it costs to send.
      ByteBuffer pattern = ByteBuffer.allocate(framed.length * 1000);
      while (pattern.hasRemaining()) {
        pattern.put(framed);
      }
      pattern.flip();
      long written = 0;
      long stalledSince = 0;
      while (written < OFFERED) {
        if (!pattern.hasRemaining()) {
          pattern.rewind();
        }
        int n;
        try {
          n = flood.write(pattern);
        } catch (IOException closedByServer) {
          break; // the write timeout may already have closed it
        }
        written += n;
        if (n > 0) {
          stalledSince = 0;
        } else if (stalledSince == 0) {
          stalledSince = System.nanoTime();
        } else if (System.nanoTime() - stalledSince > 300_000_000L) {
          break;
        } else {
          Thread.sleep(5);
        }
      }
      // The server stopped reading: the kernel's buffers hold the rest, far below what was offered.
      assertThat(written).isLessThan(OFFERED);
      // Meanwhile another client is answered at once, over UDP and over TCP.
      assertThat(udpExchange(query("web.service.local.", 1)).getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(tcpExchange(query("web.service.local.", 1)).getRcode()).isEqualTo(Rcode.NOERROR);
      await().atMost(Duration.ofSeconds(5)).until(() -> closed("write_timeout") == 1);
    }
  }

  @Test
  void aMessageTrickledOneByteAtATimeIsCutOffAfterTheIoTimeout() throws Exception {
    start(10);
    try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {0, 60});
      long start = System.nanoTime();
      boolean closedByServer = false;
      // Each byte comes long before the idle timeout would fire; only the I/O timeout can end this.
      for (int i = 0; i < 40 && !closedByServer; i++) {
        try {
          out.write(0);
          out.flush();
          Thread.sleep(100);
        } catch (SocketException e) {
          closedByServer = true;
        }
        if (closed("io_timeout") == 1) {
          closedByServer = true;
        }
      }
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(closedByServer).isTrue();
      assertThat(elapsedMs).isLessThan(IDLE.toMillis()); // the I/O timeout, not the idle one
      assertThat(closed("io_timeout")).isEqualTo(1);
    }
  }

  @Test
  void aConnectionWithoutAnyMessageIsClosedAfterTheIdleTimeout() throws Exception {
    start(10);
    try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
      s.setSoTimeout(5000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      assertThat(closed("idle_timeout")).isEqualTo(1);
    }
  }

  @Test
  void connectionsPastTheCapAreClosedAndTheOthersKeepBeingAnswered() throws Exception {
    start(2);
    try (Socket a = connect(); Socket b = connect(); Socket c = connect()) {
      c.setSoTimeout(5000);
      assertThat(readOrReset(c.getInputStream())).isEqualTo(-1);
      assertThat(closed("max_clients")).isEqualTo(1);
      for (Socket s : List.of(a, b)) {
        s.getOutputStream().write(framed(query("web.service.local.", 1)));
        assertThat(readReply(s).getRcode()).isEqualTo(Rcode.NOERROR);
      }
      assertThat(registry.get("signpost.dns.tcp.connections").gauge().value()).isEqualTo(2);
    }
    await().atMost(Duration.ofSeconds(5))
        .until(() -> registry.get("signpost.dns.tcp.connections").gauge().value() == 0);
    try (Socket d = connect()) {
      d.getOutputStream().write(framed(query("web.service.local.", 1)));
      assertThat(readReply(d).getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void pipelinedQueriesAreAllAnsweredThoughTheyOutrunTheWriteWatermark() throws Exception {
    start(10);
    // 500 KB of replies: several times the watermark, so reading pauses and resumes
    sendAllAtOnceAndReadEveryAnswer("q", 500);
  }

  @Test
  void queriesWaitingOnUpstreamsPastTheIoTimeoutAreAnsweredNotCutOff() throws Exception {
    start(10);
    // the second half waits, unread, until the first is answered a second late
    sendAllAtOnceAndReadEveryAnswer("slow.q", 2 * TcpFraming.MAX_PENDING);
  }

  /** Pipelines {@code queries} questions in one write, reads every answer, and sees no connection cut. */
  private void sendAllAtOnceAndReadEveryAnswer(String prefix, int queries) throws IOException {
    ByteBuffer all = ByteBuffer.allocate(queries * 64);
    for (int i = 0; i < queries; i++) {
      all.put(framed(query(prefix + i + ".service.local.", i)));
    }
    try (Socket s = connect()) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(all.array(), 0, all.position());
      for (int i = 0; i < queries; i++) {
        assertThat(readReply(s).getSection(Section.ANSWER)).hasSize(40);
      }
    }
    assertThat(closed("write_timeout") + closed("io_timeout") + closed("idle_timeout")).isZero();
  }

  private double closed(String reason) {
    return registry.get("signpost.dns.tcp.closed").tag("reason", reason).counter().count();
  }

  private Socket connect() throws IOException {
    return new Socket(server.address().getAddress(), server.address().getPort());
  }

  private static int readOrReset(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (SocketException reset) {
      return -1;
    }
  }

  private Message udpExchange(byte[] query) throws IOException {
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      udp.setSoTimeout(2000);
      udp.send(new DatagramPacket(query, query.length, server.address()));
      DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
      udp.receive(in);
      return new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
    }
  }

  private Message tcpExchange(byte[] query) throws IOException {
    try (Socket s = connect()) {
      s.setSoTimeout(2000);
      s.getOutputStream().write(framed(query));
      return readReply(s);
    }
  }

  private static Message readReply(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] reply = new byte[in.readUnsignedShort()];
    in.readFully(reply);
    return new Message(reply);
  }

  static byte[] query(String name, int id) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.AAAA, DClass.IN));
    q.getHeader().setID(id & 0xFFFF);
    return q.toWire();
  }

  private static byte[] framed(byte[] message) {
    return ByteBuffer.allocate(2 + message.length).putShort((short) message.length).put(message).array();
  }

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
