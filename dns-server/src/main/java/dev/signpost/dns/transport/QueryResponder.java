package dev.signpost.dns.transport;

import dev.signpost.dns.QueryPipeline;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.Stages;
import dev.signpost.dns.chain.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What both transports do with one received message: decode it, answer it at once or through the
 * pipeline, and hand the reply, encoded to fit what the client accepts, to the transport's sender.
 */
final class QueryResponder {

  private final QueryDecoder decoder = new QueryDecoder();
  private final QueryPipeline pipeline;

  QueryResponder(QueryPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * @param send called once with the encoded reply, possibly later and on another thread
   * @return false when the message gets no reply at all (too short to address, or not a query)
   */
  boolean respond(byte[] wire, InetSocketAddress client, Transport transport, Consumer<byte[]> send) {
    QueryDecoder.Decoded decoded = decoder.decode(wire, client, transport);
    if (decoded instanceof QueryDecoder.Immediate i) {
      send.accept(i.reply());
    } else if (decoded instanceof QueryDecoder.Query q) {
      DnsRequest request = q.request();
      CompletionStage<DnsReply> stage = pipeline.handle(request);
      DnsReply ready = Stages.ready(stage);
      if (ready != null) {
        send.accept(ready.toWire(request.maxReplySize()));
      } else {
        stage.whenComplete((reply, failure) -> {
          // The pipeline's RecoverHandler turns failures into SERVFAIL, so a reply is always there.
          if (reply != null) {
            send.accept(reply.toWire(request.maxReplySize()));
          }
        });
      }
    } else {
      return false;
    }
    return true;
  }
}
