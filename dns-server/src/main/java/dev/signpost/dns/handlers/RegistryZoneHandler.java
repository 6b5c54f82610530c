package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.wire.EncodedReplies;
import dev.signpost.dns.wire.ReplyMessages;
import dev.signpost.dns.wire.ClientSubnet;
import dev.signpost.core.lb.Client;
import dev.signpost.core.lb.ClientZones;
import dev.signpost.zones.LookupResult;
import dev.signpost.zones.RegistryZone;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Record;

/**
 * Answers, authoritatively, every name under the registry's domain; passes on the rest. A common query
 * with a positive answer is answered in bytes ({@link EncodedReplies}), everything else through the
 * zone's lookup and dnsjava.
 */
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
    InetAddress address = request.clientAddress();
    Client client = new Client(address, clientZones.zoneOf(address));
    if (request.wire() != null) {
      byte[] encoded = EncodedReplies.registryAnswer(zone, request.wire(), request.maxReplySize(), client);
      if (encoded != null) {
        return CompletableFuture.completedFuture(DnsReply.encoded(encoded));
      }
    }
    Record question = request.question();
    LookupResult result = zone.lookup(question.getName(), question.getType(), client);
    if (result instanceof LookupResult.Answer a) {
      return CompletableFuture.completedFuture(new DnsReply(
          ReplyMessages.authoritative(request.query(), a.rcode(), a.answer(), a.authority(), a.additional())));
    }
    return next.proceed(request);
  }
}
