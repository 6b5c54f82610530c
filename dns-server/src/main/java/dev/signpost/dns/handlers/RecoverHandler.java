package dev.signpost.dns.handlers;

import dev.signpost.core.FatalErrors;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.Stages;
import dev.signpost.dns.wire.ReplyMessages;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Rcode;

/**
 * Second in the chain, right after {@link MetricsHandler} (which so counts its SERVFAILs): whatever fails
 * further on — a thrown exception or a failed stage — becomes a SERVFAIL for this query and a log line, and
 * never reaches the transport; but an error the process cannot serve after (out of memory) is escalated
 * first ({@link FatalErrors}).
 */
public final class RecoverHandler implements QueryHandler {

  private static final System.Logger LOG = System.getLogger(RecoverHandler.class.getName());

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    CompletionStage<DnsReply> reply;
    try {
      reply = next.proceed(request);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(serverFailure(request, e));
    }
    return Stages.ready(reply) != null ? reply : reply.exceptionally(e -> serverFailure(request, e));
  }

  private static DnsReply serverFailure(DnsRequest request, Throwable e) {
    FatalErrors.escalate(e); // out of memory is the process's failure, not this query's
    LOG.log(Level.ERROR, "query " + request.question() + " from " + request.client() + " failed", e);
    return DnsReply.of(ReplyMessages.reply(request.query(), Rcode.SERVFAIL));
  }
}
