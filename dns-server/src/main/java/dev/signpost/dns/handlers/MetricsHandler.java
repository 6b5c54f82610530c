package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.Stages;
import dev.signpost.dns.metrics.QueryMetrics;
import java.util.concurrent.CompletionStage;

/** First in the chain: times every query through the rest of it and counts the reply's response code. */
public final class MetricsHandler implements QueryHandler {

  private final QueryMetrics metrics;

  public MetricsHandler(QueryMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    long start = System.nanoTime();
    CompletionStage<DnsReply> stage = next.proceed(request);
    DnsReply ready = Stages.ready(stage);
    if (ready != null) {
      record(request, ready, start);
      return stage;
    }
    return stage.whenComplete((reply, error) -> {
      if (reply != null) {
        record(request, reply, start);
      }
    });
  }

  private void record(DnsRequest request, DnsReply reply, long start) {
    metrics.record(request.qtype(), reply.rcode(), request.transport(), System.nanoTime() - start);
  }
}
