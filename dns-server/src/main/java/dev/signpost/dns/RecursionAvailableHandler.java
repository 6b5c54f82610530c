package dev.signpost.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Sets RA on every reply to a client that may recurse, and on no other (RFC 1035 4.1.1: RA says whether
 * recursion is available to this client). The client is the packet's source, never an ECS address.
 */
final class RecursionAvailableHandler implements QueryHandler {

  private final Predicate<InetAddress> mayRecurse;

  RecursionAvailableHandler(Predicate<InetAddress> mayRecurse) {
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
