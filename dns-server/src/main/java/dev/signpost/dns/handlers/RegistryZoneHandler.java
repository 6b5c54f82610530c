package dev.signpost.dns.handlers;

import dev.signpost.balance.Client;
import dev.signpost.core.lb.ClientZones;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.wire.ReplyMessages;
import dev.signpost.dns.wire.WireQuery;
import dev.signpost.dns.wire.WireReplies;
import dev.signpost.zones.AnswerPlan;
import dev.signpost.zones.LookupResult;
import dev.signpost.zones.QueryName;
import dev.signpost.zones.RegistryZone;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers, authoritatively, every name under the registry's domain; passes on the rest. Every question takes
 * one path: the zone plans the answer ({@link RegistryZone#plan}); a service's {@link AnswerPlan} is written
 * as bytes when the query came as bytes and the bytes can carry it ({@link WireReplies}), and as a dnsjava
 * message otherwise, like every other answer.
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
    QueryName name = request.questionName();
    LookupResult result = zone.plan(name, request.qtype(), client);
    if (result instanceof AnswerPlan plan) {
      WireQuery wire = request.wire();
      if (wire != null) {
        Optional<byte[]> bytes = WireReplies.answer(wire, request.maxReplySize(), plan, zone.wireRenderer());
        if (bytes.isPresent()) {
          return CompletableFuture.completedFuture(DnsReply.encoded(bytes.get()));
        }
      }
      return reply(request, zone.records(name, plan));
    }
    if (result instanceof LookupResult.Records records) {
      return reply(request, records);
    }
    return next.proceed(request);
  }

  private static CompletionStage<DnsReply> reply(DnsRequest request, LookupResult.Records records) {
    return CompletableFuture.completedFuture(DnsReply.of(ReplyMessages.authoritative(request.query(),
        records.rcode(), records.answer(), records.authority(), records.additional())));
  }
}
