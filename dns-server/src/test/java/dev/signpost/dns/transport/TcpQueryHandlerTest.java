package dev.signpost.dns.transport;

import static dev.signpost.dns.transport.FakeHandlers.ANSWER;
import static dev.signpost.dns.transport.FakeHandlers.FAILS_ON_BOOM;
import static dev.signpost.dns.transport.FakeHandlers.answer;
import static dev.signpost.dns.transport.FakeHandlers.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.dns.CapturedLog;
import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.handlers.RecoverHandler;
import dev.signpost.dns.wire.PayloadSizes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The TCP handler and its framing on an {@link EmbeddedChannel} (RFC 7766): two-byte length, then the message,
 * both ways. Every buffer read is released once its messages are cut from it, and each reply's buffer is handed
 * over with exactly one reference.
 */
class TcpQueryHandlerTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private EmbeddedChannel channel;

  @AfterEach
  void nothingIsLeftInTheChannel() {
    if (channel != null) {
      assertThat(channel.finish()).as("messages left unread in the channel").isFalse();
    }
  }

  @Test
  void aFramedQueryGetsAFramedReplyAndEveryBufferIsReleased() throws Exception {
    channel = channel(ANSWER);
    Message query = query(0x1234, "web.service.local.");
    ByteBuf in = framed(query.toWire());

    channel.writeInbound(in);

    assertThat(in.refCnt()).as("the read's buffer").isZero();
    assertThat(sent()).isEqualTo(answer(query).toWire(PayloadSizes.TCP));
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void aQuerySplitAcrossReadsIsAnsweredOnceItIsWholeAndEachReadIsReleased() throws Exception {
    channel = channel(ANSWER);
    byte[] frame = frames(query(5, "web.service.local.").toWire());
    List<ByteBuf> reads = List.of(direct(frame, 0, 1), direct(frame, 1, 8), direct(frame, 8, frame.length));

    for (ByteBuf read : reads) {
      assertThat(channel.outboundMessages()).as("a reply before the query was whole").isEmpty();
      channel.writeInbound(read);
    }

    assertThat(reads).allSatisfy(read -> assertThat(read.refCnt()).isZero());
    assertThat(new Message(sent()).getHeader().getID()).isEqualTo(5);
  }

  @Test
  void pipelinedQueriesInOneReadAreEachAnsweredInOrder() throws Exception {
    channel = channel(ANSWER);
    ByteBuf in = framed(query(1, "a.service.local.").toWire(), query(2, "b.service.local.").toWire());

    channel.writeInbound(in);

    assertThat(in.refCnt()).isZero();
    assertThat(new Message(sent()).getHeader().getID()).isEqualTo(1);
    assertThat(new Message(sent()).getHeader().getID()).isEqualTo(2);
  }

  @Test
  void aReplyThatCompletesLaterIsFramedAndSentWhenItCompletes() throws Exception {
    CompletableFuture<DnsReply> later = new CompletableFuture<>();
    channel = channel((request, next) -> later);
    Message query = query(7, "slow.example.org.");
    ByteBuf in = framed(query.toWire());

    channel.writeInbound(in);
    assertThat(in.refCnt()).as("released while its reply is awaited").isZero();
    assertThat(channel.outboundMessages()).isEmpty();
    later.complete(DnsReply.of(answer(query)));

    assertThat(sent()).isEqualTo(answer(query).toWire(PayloadSizes.TCP));
  }

  /**
   * A frame that cannot be addressed (too short) or is no query (a response) ends the connection; one whose
   * sections do not parse gets a header-only FORMERR and the connection goes on.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      shorter than a header               | 1234 0100 0001                   |                              | false
      a response                          | 1234 8100 0001 0000 0000 0000 03 |                              | false
      a question cut off after its header | 1234 0100 0001 0000 0000 0000 3f | 1234 8101 0000 0000 0000 0000 | true
      """)
  void aMalformedFrameIsReleasedAndAnsweredFormerrOrEndsTheConnection(String what, String hex, String reply,
      boolean open) {
    channel = channel(ANSWER);
    ByteBuf in = framed(HexFormat.of().parseHex(hex.replace(" ", "")));

    channel.writeInbound(in);

    assertThat(in.refCnt()).isZero();
    assertThat(channel.isOpen()).as("open").isEqualTo(open);
    if (reply == null) {
      assertThat(channel.outboundMessages()).isEmpty();
    } else {
      assertThat(HexFormat.of().formatHex(sent())).isEqualTo(reply.replace(" ", ""));
    }
  }

  @Test
  void aQueryWhoseHandlerFailsGetsServfailAndTheConnectionGoesOn() throws Exception {
    channel = channel(new RecoverHandler(), FAILS_ON_BOOM);
    ByteBuf in = framed(query(9, "boom.").toWire(), query(10, "web.service.local.").toWire());

    try (CapturedLog log = new CapturedLog(RecoverHandler.class)) {
      channel.writeInbound(in);
      assertThat(log.lines()).singleElement().asString().endsWith("a handler broke on boom.");
    }

    assertThat(in.refCnt()).isZero();
    Message failed = new Message(sent());
    assertThat(failed.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(failed.getHeader().getID()).isEqualTo(9);
    assertThat(new Message(sent()).getHeader().getID()).isEqualTo(10);
    assertThat(channel.isOpen()).isTrue();
  }

  /** Without recover in the pipeline, a failure that reaches the transport ends this one connection. */
  @Test
  void aFailureThatEscapesThePipelineClosesTheConnectionAndReleasesItsBuffers() {
    channel = channel(FAILS_ON_BOOM);
    ByteBuf in = framed(query(9, "boom.").toWire(), query(10, "web.service.local.").toWire());

    channel.writeInbound(in);

    assertThat(in.refCnt()).isZero();
    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.outboundMessages()).isEmpty();
  }

  private EmbeddedChannel channel(QueryHandler... handlers) {
    EmbeddedChannel ch = new EmbeddedChannel() {
      @Override
      protected SocketAddress remoteAddress0() {
        return CLIENT; // the handler asks whom a query came from; an embedded channel's own address is no IP
      }
    };
    ch.freezeTime(); // the framing's idle timer must not fire while a test looks
    TcpFraming framing = new TcpFraming(DnsLimits.defaults(), new TransportMeters(registry));
    ch.pipeline().addLast(framing,
        new TcpQueryHandler(new QueryResponder(new QueryPipeline(List.of(handlers))), framing));
    return ch;
  }

  /** The messages, each after its two-byte length, in one pooled direct buffer as the native transport reads. */
  private static ByteBuf framed(byte[]... messages) {
    byte[] bytes = frames(messages);
    return direct(bytes, 0, bytes.length);
  }

  /** The messages, each after its two-byte length. */
  private static byte[] frames(byte[]... messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      out.write(m.length >> 8);
      out.write(m.length & 0xFF);
      out.writeBytes(m);
    }
    return out.toByteArray();
  }

  private static ByteBuf direct(byte[] bytes, int from, int to) {
    return PooledByteBufAllocator.DEFAULT.directBuffer(to - from).writeBytes(bytes, from, to - from);
  }

  /**
   * The next reply's message, after checking its length prefix. Its buffer holds one reference, which the
   * transport releases once written (done here).
   */
  private byte[] sent() {
    ByteBuf out = channel.readOutbound();
    assertThat(out).as("a reply").isNotNull();
    int length = out.readUnsignedShort();
    byte[] message = ByteBufUtil.getBytes(out);
    assertThat(message).hasSize(length);
    assertThat(out.refCnt()).isEqualTo(1);
    assertThat(out.release()).isTrue();
    return message;
  }
}
