package dev.signpost.dns.handlers;

import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.wire.ReplyMessages;
import dev.signpost.zones.files.StaticZones;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Answers, authoritatively, every name under a zone file's origin, with dnsjava's zone lookup: answers,
 * CNAMEs and DNAMEs as found, NXDOMAIN and NODATA with the zone's SOA, and a referral (no AA) below a
 * delegation. Names outside every file pass on.
 */
public final class StaticZoneHandler implements QueryHandler {

  private final StaticZones zones;

  public StaticZoneHandler(StaticZones zones) {
    this.zones = zones;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    Optional<Zone> zone = zones.zoneFor(request.qname());
    if (zone.isEmpty()) {
      return next.proceed(request);
    }
    return CompletableFuture.completedFuture(DnsReply.of(answer(request, zone.get(), request.question())));
  }

  private static Message answer(DnsRequest request, Zone zone, Record question) {
    int type = question.getType();
    SetResponse found = zone.findRecords(question.getName(), type);
    List<Record> authority = List.of(zone.getSOA());
    if (found.isNXDOMAIN()) {
      return ReplyMessages.authoritative(request.query(), Rcode.NXDOMAIN, List.of(), authority, List.of());
    }
    if (found.isNXRRSET()) {
      return ReplyMessages.authoritative(request.query(), Rcode.NOERROR, List.of(), authority, List.of());
    }
    if (found.isDelegation()) {
      Message referral = ReplyMessages.reply(request.query(), Rcode.NOERROR);
      referral.getHeader().unsetFlag(Flags.AA);
      found.getNS().rrs().forEach(ns -> referral.addRecord(ns, Section.AUTHORITY));
      return referral;
    }
    List<Record> answer = new ArrayList<>();
    if (found.isCNAME()) {
      answer.add(found.getCNAME());
    } else if (found.isDNAME()) {
      answer.add(found.getDNAME());
    } else {
      List<RRset> sets = found.answers();
      // RFC 8482: ANY gets one RRset, not the whole node.
      for (RRset set : type == Type.ANY ? sets.subList(0, Math.min(1, sets.size())) : sets) {
        answer.addAll(set.rrs());
      }
    }
    return ReplyMessages.authoritative(request.query(), Rcode.NOERROR, answer, List.of(), List.of());
  }
}
