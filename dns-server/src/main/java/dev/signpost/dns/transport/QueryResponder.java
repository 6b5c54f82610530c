package dev.signpost.dns.transport;

import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Stages;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.tsig.TsigCheck;
import dev.signpost.dns.tsig.TsigKeys;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.xbill.DNS.Type;

/**
 * What both transports do with one received message: decode it, check its TSIG signature when it has one, answer
 * it at once or through the pipeline, and hand the reply, encoded to fit what the client accepts (and signed when the
 * query was), to the transport's sender. A zone transfer's messages go to the sender's stream, one at a time.
 */
final class QueryResponder {

  /** Where replies go: one message, or a transfer's messages (TCP only). */
  @FunctionalInterface
  interface Sink {

    void send(byte[] reply);

    /** Sends the stream's messages, then closes it; a transport that cannot (UDP) closes it at once. */
    default void stream(TsigCheck.Signed messages) {
      messages.close();
    }
  }

  private final QueryDecoder decoder = new QueryDecoder();
  private final QueryPipeline pipeline;
  private final TsigCheck tsig;
  private final BiConsumer<TsigCheck.Refused, Boolean> refusals;

  QueryResponder(QueryPipeline pipeline) {
    this(pipeline, new TsigCheck(TsigKeys.NONE), (refused, transfer) -> { });
  }

  /**
   * @param refusals told of every signed query refused (BADKEY, BADSIG, BADTIME), and whether it asked for a zone
   *     transfer, to count them
   */
  QueryResponder(QueryPipeline pipeline, TsigCheck tsig, BiConsumer<TsigCheck.Refused, Boolean> refusals) {
    this.pipeline = pipeline;
    this.tsig = tsig;
    this.refusals = refusals;
  }

  /**
   * @param sink called once with the encoded reply, possibly later and on another thread
   * @return false when the message gets no reply at all (too short to address, or not a query)
   */
  boolean respond(byte[] wire, InetSocketAddress client, Transport transport, Sink sink) {
    QueryDecoder.Decoded decoded = decoder.decode(wire, client, transport);
    if (decoded instanceof QueryDecoder.Immediate i) {
      sink.send(i.reply());
    } else if (decoded instanceof QueryDecoder.Query q) {
      DnsRequest request = q.request();
      // A query of the common shape has no TSIG record (WireQuery takes an OPT alone), so only dnsjava's are checked.
      if (request.wire() == null) {
        TsigCheck.Outcome outcome = tsig.check(request.query(), wire);
        if (outcome instanceof TsigCheck.Refused refused) {
          refusals.accept(refused, isTransfer(request.qtype()));
          sink.send(refused.reply());
          return true;
        }
        if (outcome instanceof TsigCheck.Verified verified) {
          request = request.signed(verified.signature());
        }
      }
      DnsRequest asked = request;
      CompletionStage<DnsReply> stage = pipeline.handle(asked);
      DnsReply ready = Stages.ready(stage);
      if (ready != null) {
        deliver(asked, ready, sink);
      } else {
        stage.whenComplete((reply, failure) -> {
          // The pipeline's RecoverHandler turns failures into SERVFAIL, so a reply is always there.
          if (reply != null) {
            deliver(asked, reply, sink);
          }
        });
      }
    } else {
      return false;
    }
    return true;
  }

  private static void deliver(DnsRequest request, DnsReply reply, Sink sink) {
    if (reply instanceof DnsReply.Transfer transfer) {
      sink.stream(TsigCheck.stream(transfer.stream(), request.signature()));
    } else if (request.signature().isPresent()) {
      // Never the bytes path unsigned: the reply is made a message, then signed.
      sink.send(TsigCheck.sign(reply.message(), request.signature().get(), request.maxReplySize()));
    } else {
      sink.send(reply.toWire(request.maxReplySize()));
    }
  }

  /** Whether the question is a zone transfer's: its refusals count as transfers refused. */
  static boolean isTransfer(int qtype) {
    return qtype == Type.AXFR || qtype == Type.IXFR;
  }
}
