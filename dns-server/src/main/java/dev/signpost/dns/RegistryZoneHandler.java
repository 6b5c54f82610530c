package dev.signpost.dns;

import dev.signpost.core.lb.Client;
import dev.signpost.core.lb.ClientZones;
import dev.signpost.zones.LookupResult;
import dev.signpost.zones.RegistryZone;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Record;

/** Answers, authoritatively, every name under the registry's domain; passes on the rest. */
public final class RegistryZoneHandler implements QueryHandler {

  private final RegistryZone zone;
  private final ClientZones clientZones;

  /** @param clientZones which zone a client address is in ({@code --client-zone}) */
  public RegistryZoneHandler(RegistryZone zone, ClientZones clientZones) {
    this.zone = zone;
    this.clientZones = clientZones;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    Record question = request.question();
    InetAddress address = ClientSubnet.clientAddress(request);
    LookupResult result = zone.lookup(question.getName(), question.getType(),
        new Client(address, clientZones.zoneOf(address)));
    if (result instanceof LookupResult.Answer a) {
      return CompletableFuture.completedFuture(new DnsReply(
          Replies.authoritative(request, a.rcode(), a.answer(), a.authority(), a.additional())));
    }
    return next.proceed(request);
  }
}
