package dev.signpost.dns;

import dev.signpost.core.lb.Client;
import dev.signpost.zones.LookupResult;
import dev.signpost.zones.RegistryZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Record;

/** Answers, authoritatively, every name under the registry's domain; passes on the rest. */
public final class RegistryZoneHandler implements QueryHandler {

  private final RegistryZone zone;

  public RegistryZoneHandler(RegistryZone zone) {
    this.zone = zone;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    Record question = request.question();
    LookupResult result = zone.lookup(question.getName(), question.getType(),
        new Client(request.client().getAddress()));
    if (result instanceof LookupResult.Answer a) {
      return CompletableFuture.completedFuture(new DnsReply(
          Replies.authoritative(request, a.rcode(), a.answer(), a.authority(), a.additional())));
    }
    return next.proceed(request);
  }
}
