package dev.signpost.dns.transport;

import static dev.signpost.dns.transport.FakeHandlers.ANSWER;
import static dev.signpost.dns.transport.FakeHandlers.FAILS_ON_BOOM;
import static dev.signpost.dns.transport.FakeHandlers.answer;
import static dev.signpost.dns.transport.FakeHandlers.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.testing.ManualTime;
import dev.signpost.dns.CapturedLog;
import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.handlers.RecoverHandler;
import dev.signpost.dns.wire.PayloadSizes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The UDP handler on an {@link EmbeddedChannel}: one datagram in, at most one out, to the sender; the datagram's
 * buffer is released once read, and each reply's buffer is handed over with exactly one reference.
 */
class UdpQueryHandlerTest {

  private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.53", 53);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);
  /** What a reply to a query without EDNS may take over UDP. */


  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private EmbeddedChannel channel;

  @AfterEach
  void nothingIsLeftInTheChannel() {
    if (channel != null) {
      assertThat(channel.finish()).as("messages left unread in the channel").isFalse();
    }
  }

  @Test
  void aQueryGetsOneDatagramToItsSenderWithThePipelinesReplyAndEveryBufferIsReleased() throws Exception {
    channel = channel(ANSWER);
    Message query = query(0x1234, "web.service.local.");
    DatagramPacket in = datagram(query.toWire());

    channel.writeInbound(in);

    assertThat(in.refCnt()).as("the query's buffer").isZero();
    byte[] reply = sent();
    assertThat(reply).isEqualTo(answer(query).toWire(PayloadSizes.PLAIN_UDP));
    assertThat(new Message(reply).getHeader().getID()).isEqualTo(0x1234);
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void repliesReadyDuringAReadBatchAreFlushedTogetherWhenTheBatchEnds() throws Exception {
    channel = channel(ANSWER);
    DatagramPacket first = datagram(query(1, "a.service.local.").toWire());
    DatagramPacket second = datagram(query(2, "b.service.local.").toWire());

    channel.pipeline().fireChannelRead(first);
    channel.pipeline().fireChannelRead(second);
    assertThat(channel.outboundMessages()).as("sent before the batch ended").isEmpty();
    channel.pipeline().fireChannelReadComplete();

    assertThat(new Message(sent()).getHeader().getID()).isEqualTo(1);
    assertThat(new Message(sent()).getHeader().getID()).isEqualTo(2);
    assertThat(first.refCnt() + second.refCnt()).isZero();
  }

  @Test
  void aReplyThatCompletesLaterIsSentWhenItCompletes() throws Exception {
    CompletableFuture<DnsReply> later = new CompletableFuture<>();
    channel = channel((request, next) -> later);
    Message query = query(7, "slow.example.org.");
    DatagramPacket in = datagram(query.toWire());

    channel.writeInbound(in);
    assertThat(in.refCnt()).as("released while its reply is awaited").isZero();
    assertThat(channel.outboundMessages()).isEmpty();
    later.complete(DnsReply.of(answer(query)));

    assertThat(sent()).isEqualTo(answer(query).toWire(PayloadSizes.PLAIN_UDP));
  }

  /** Short packets and responses get nothing (a response answered could loop); unparseable sections FORMERR. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      empty                                 |                                  |
      shorter than a header                 | 1234 0100 0001                   |
      a response                            | 1234 8100 0001 0000 0000 0000 03 |
      a question cut off after its header   | 1234 0100 0001 0000 0000 0000 3f | 1234 8101 0000 0000 0000 0000
      """)
  void aMalformedDatagramIsReleasedAndGetsAHeaderOnlyFormerrOrNothing(String what, String hex, String reply) {
    channel = channel(ANSWER);
    DatagramPacket in = datagram(hex == null ? new byte[0] : HexFormat.of().parseHex(hex.replace(" ", "")));

    channel.writeInbound(in);

    assertThat(in.refCnt()).isZero();
    if (reply == null) {
      assertThat((Object) channel.readOutbound()).isNull();
    } else {
      assertThat(HexFormat.of().formatHex(sent())).isEqualTo(reply.replace(" ", ""));
    }
  }

  @Test
  void aQueryWhoseHandlerFailsGetsServfailAndItsBufferIsReleased() throws Exception {
    channel = channel(new RecoverHandler(), FAILS_ON_BOOM);
    DatagramPacket in = datagram(query(9, "boom.").toWire());

    try (CapturedLog log = new CapturedLog(RecoverHandler.class)) {
      channel.writeInbound(in);
      assertThat(log.lines()).singleElement().asString().endsWith("a handler broke on boom.");
    }

    assertThat(in.refCnt()).isZero();
    Message reply = new Message(sent());
    assertThat(reply.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(reply.getHeader().getID()).isEqualTo(9);
  }

  /** The socket serves every client: an exception that escapes the pipeline loses one reply, never the listener. */
  @Test
  void aFailureThatEscapesThePipelineLosesOnlyThatReply() throws Exception {
    channel = channel(FAILS_ON_BOOM);
    DatagramPacket boom = datagram(query(9, "boom.").toWire());
    DatagramPacket next = datagram(query(10, "web.service.local.").toWire());

    channel.writeInbound(boom);
    assertThat(boom.refCnt()).isZero();
    assertThat(channel.outboundMessages()).isEmpty();
    assertThat(channel.isOpen()).isTrue();

    channel.writeInbound(next);
    assertThat(next.refCnt()).isZero();
    assertThat(new Message(sent()).getHeader().getID()).isEqualTo(10);
  }

  /** One answer a second, every second limited answer slipped: answered, dropped, then slipped (TC). */
  @Test
  void datagramsOverTheRateLimitAreReleasedWhetherDroppedOrSlipped() throws Exception {
    ResponseRateLimiter limiter = new ResponseRateLimiter(new RateLimit(1, 2, List.of()), new ManualTime());
    channel = new EmbeddedChannel(new UdpQueryHandler(new QueryResponder(new QueryPipeline(List.of(ANSWER))),
        limiter, 2, new TransportMeters(registry)));
    List<DatagramPacket> in = List.of(datagram(query(1, "web.service.local.").toWire()),
        datagram(query(2, "web.service.local.").toWire()), datagram(query(3, "web.service.local.").toWire()));

    in.forEach(channel::writeInbound);

    assertThat(in).allSatisfy(d -> assertThat(d.refCnt()).isZero());
    Message answered = new Message(sent());
    Message slipped = new Message(sent());
    assertThat(answered.getHeader().getID()).isEqualTo(1);
    assertThat(answered.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(slipped.getHeader().getID()).isEqualTo(3);
    assertThat(slipped.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(registry.find("signpost.dns.rate.limited").tag("action", "dropped").counter().count()).isEqualTo(1);
    assertThat(registry.find("signpost.dns.rate.limited").tag("action", "slipped").counter().count()).isEqualTo(1);
  }

  private EmbeddedChannel channel(QueryHandler... handlers) {
    return new EmbeddedChannel(new UdpQueryHandler(new QueryResponder(new QueryPipeline(List.of(handlers))), null,
        0, new TransportMeters(registry)));
  }

  /** A datagram from {@link #CLIENT}, in a pooled direct buffer as the native transport reads it. */
  private static DatagramPacket datagram(byte[] wire) {
    return new DatagramPacket(PooledByteBufAllocator.DEFAULT.directBuffer(wire.length).writeBytes(wire), SERVER,
        CLIENT);
  }

  /**
   * The next reply's bytes. It goes to the query's sender, and its buffer holds one reference, which the
   * transport releases once the datagram is sent (done here).
   */
  private byte[] sent() {
    DatagramPacket out = channel.readOutbound();
    assertThat(out).as("a reply").isNotNull();
    assertThat(out.recipient()).isEqualTo(CLIENT);
    byte[] bytes = ByteBufUtil.getBytes(out.content());
    assertThat(out.refCnt()).isEqualTo(1);
    assertThat(out.release()).isTrue();
    return bytes;
  }
}
