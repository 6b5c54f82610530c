package dev.signpost.dns;

import dev.signpost.dns.metrics.QueryMetrics;
import java.util.concurrent.CompletionStage;

/** First in the chain: times every query through the rest of it and counts the reply's response code. */
final class MetricsHandler implements QueryHandler {

  private final QueryMetrics metrics;

  MetricsHandler(QueryMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    long start = System.nanoTime();
    return next.proceed(request).whenComplete((reply, error) -> {
      if (reply != null) {
        metrics.record(request.qtype(), reply.rcode(), request.transport(),
            System.nanoTime() - start);
      }
    });
  }
}
