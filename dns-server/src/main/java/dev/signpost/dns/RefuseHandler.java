package dev.signpost.dns;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Rcode;

/** Last in the chain: a name no zone or forwarder took is refused (RFC 8906: a defined answer, not silence). */
final class RefuseHandler implements QueryHandler {

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    return CompletableFuture.completedFuture(new DnsReply(Replies.reply(request, Rcode.REFUSED)));
  }
}
