package dev.signpost.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.xbill.DNS.Flags;

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
    return next.proceed(request).thenApply(reply -> {
      if (available) {
        reply.message().getHeader().setFlag(Flags.RA);
      } else {
        reply.message().getHeader().unsetFlag(Flags.RA);
      }
      return reply;
    });
  }
}
