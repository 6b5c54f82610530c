package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.wire.ReplyMessages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Rcode;

/** Last in the chain: a name no zone or forwarder took is refused (RFC 8906: a defined answer, not silence). */
public final class RefuseHandler implements QueryHandler {

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    return CompletableFuture.completedFuture(DnsReply.of(ReplyMessages.reply(request.query(), Rcode.REFUSED)));
  }
}
