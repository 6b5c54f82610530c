package dev.signpost.dns.forward;

import static dev.signpost.dns.forward.TestRecords.answer;
import static dev.signpost.dns.forward.TestRecords.negative;
import static dev.signpost.dns.forward.TestRecords.query;
import static dev.signpost.dns.forward.TestRecords.request;
import static dev.signpost.dns.forward.TestRecords.rr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.transport.DnsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ForwardHandlerTest {

  private static final QueryChain NOTHING_AFTER = r -> {
    throw new AssertionError("the forwarder is the last resort and never passes a query on");
  };

  private final FakeUpstream upstream = FakeUpstream.answering(r -> {
    if (r.question().getName().toString().startsWith("missing")) {
      return negative(r, Rcode.NXDOMAIN, "example. 3600 IN SOA ns.example. host.example. 1 7200 900 1209600 60");
    }
    Message reply = answer(r, "www.example. 300 IN A 192.0.2.1");
    reply.getHeader().setFlag(Flags.AA);
    reply.addRecord(rr("example. 300 IN NS ns.example."), Section.AUTHORITY);
    reply.addRecord(rr("ns.example. 300 IN A 192.0.2.53"), Section.ADDITIONAL);
    return reply;
  });
  private final Forwarder forwarder = new Forwarder(List.of(upstream.upstream()),
      new UpstreamClient(Duration.ofSeconds(1)), new SimpleMeterRegistry());

  @AfterEach
  void close() {
    forwarder.close();
    upstream.close();
  }

  private Message handle(ForwardHandler handler, DnsRequest request) throws Exception {
    return handler.handle(request, NOTHING_AFTER).toCompletableFuture().get(10, TimeUnit.SECONDS).message();
  }

  @Test
  void anAQueryIsForwardedEndToEndOverRealSockets() throws Exception {
    ForwardHandler handler = new ForwardHandler(forwarder, RecursionPolicy.defaults());
    try (DnsServer signpost = DnsServer.start(InetAddress.getLoopbackAddress(), 0,
            new QueryPipeline(List.of(handler)));
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      client.setSoTimeout(10_000);
      byte[] wire = query(0x1234, "www.example.", Type.A, false).toWire();
      client.send(new DatagramPacket(wire, wire.length, signpost.address()));
      DatagramPacket in = new DatagramPacket(new byte[1232], 1232);
      client.receive(in);

      Message reply = new Message(Arrays.copyOf(in.getData(), in.getLength()));
      assertThat(reply.getHeader().getID()).isEqualTo(0x1234);
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getSection(Section.ANSWER)).containsExactly(rr("www.example. 300 IN A 192.0.2.1"));
      assertThat(reply.getHeader().getFlag(Flags.RA)).isTrue();
      assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
    }
  }

  @Test
  void theReplyKeepsTheClientsIdAndEdnsAndCarriesTheUpstreamsSectionsWithoutItsOpt() throws Exception {
    ForwardHandler handler = new ForwardHandler(forwarder, RecursionPolicy.defaults());

    Message reply = handle(handler, request(query(4242, "www.example.", Type.A, true), "10.1.2.3"));

    assertThat(reply.getHeader().getID()).isEqualTo(4242);
    assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.AA)).as("the upstream's AA is not ours").isFalse();
    assertThat(reply.getSection(Section.AUTHORITY)).containsExactly(rr("example. 300 IN NS ns.example."));
    assertThat(reply.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() == Type.OPT).hasSize(1);
    assertThat(reply.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() != Type.OPT)
        .containsExactly(rr("ns.example. 300 IN A 192.0.2.53"));
    assertThat(reply.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
    assertThat(upstream.lastQuery().query().getOPT().getFlags() & ExtendedFlags.DO)
        .as("the client's DO bit is forwarded").isEqualTo(ExtendedFlags.DO);
  }

  @Test
  void nxdomainIsForwardedWithItsSoa() throws Exception {
    ForwardHandler handler = new ForwardHandler(forwarder, RecursionPolicy.defaults());

    Message reply = handle(handler, request(query(7, "missing.example.", Type.A, false), "127.0.0.1"));

    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getSection(Section.AUTHORITY)).extracting(r -> r.getType()).containsExactly(Type.SOA);
    assertThat(reply.getHeader().getFlag(Flags.RA)).isTrue();
  }

  @Test
  void aClientTheRecursionPolicyDoesNotAllowIsRefusedWithoutAnUpstreamQuery() throws Exception {
    ForwardHandler handler = new ForwardHandler(forwarder, RecursionPolicy.parse(List.of("10.0.0.0/8")));

    Message reply = handle(handler, request(query(99, "www.example.", Type.A, false), "203.0.113.9"));

    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(reply.getHeader().getID()).isEqualTo(99);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(upstream.queries()).isZero();
  }
}
