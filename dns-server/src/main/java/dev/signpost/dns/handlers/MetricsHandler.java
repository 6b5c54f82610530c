package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.Stages;
import dev.signpost.dns.metrics.QueryMetrics;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionStage;

/**
 * First in the chain: times every query through the rest of it and counts the reply's response code. It
 * comes before {@link RecoverHandler} so that the SERVFAIL recover makes of a failure is counted too.
 *
 * <p>Being first, nothing behind it catches its own failures: an exception from recording (a meter registry
 * that rejects a new counter) would drop the query without a word. So recording never fails the query: the
 * failure is logged and the reply goes out, uncounted. Putting recover first instead would cover this but
 * leave its SERVFAILs uncounted.
 */
public final class MetricsHandler implements QueryHandler {

  private static final System.Logger LOG = System.getLogger(MetricsHandler.class.getName());

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
    try {
      metrics.record(request.qtype(), reply.rcode(), request.transport(), System.nanoTime() - start);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "could not count the reply to " + request + "; it is sent all the same", e);
    }
  }
}
