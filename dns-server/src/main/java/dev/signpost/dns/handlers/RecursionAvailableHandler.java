package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.Stages;
import java.net.InetAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Sets RA on every reply to a client that may recurse, and on no other (RFC 1035 4.1.1: RA says whether
 * recursion is available to this client). The client is the packet's source, never an ECS address.
 */
public final class RecursionAvailableHandler implements QueryHandler {

  private final Predicate<InetAddress> mayRecurse;

  public RecursionAvailableHandler(Predicate<InetAddress> mayRecurse) {
    this.mayRecurse = mayRecurse;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    boolean available = mayRecurse.test(request.client().getAddress());
    CompletionStage<DnsReply> stage = next.proceed(request);
    DnsReply ready = Stages.ready(stage);
    if (ready != null) {
      ready.recursionAvailable(available);
      return stage;
    }
    return stage.thenApply(reply -> {
      reply.recursionAvailable(available);
      return reply;
    });
  }
}
