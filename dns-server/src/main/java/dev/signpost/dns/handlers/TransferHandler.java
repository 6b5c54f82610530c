package dev.signpost.dns.handlers;

import dev.signpost.core.Cidr;
import dev.signpost.dns.chain.DnsReply;
import dev.signpost.dns.chain.DnsRequest;
import dev.signpost.dns.chain.QueryChain;
import dev.signpost.dns.chain.QueryHandler;
import dev.signpost.dns.chain.Transport;
import dev.signpost.dns.metrics.TransferMeters;
import dev.signpost.dns.wire.ReplyMessages;
import dev.signpost.zones.ZoneContents;
import dev.signpost.zones.ZoneHistory;
import dev.signpost.zones.ZoneSnapshot;
import dev.signpost.zones.ZoneView;
import dev.signpost.zones.files.StaticZones;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Zone transfers: AXFR (RFC 5936) and IXFR (RFC 1995) of the registry's zone ({@link ZoneContents}, the differences
 * from {@link ZoneHistory}) and of each zone file, over TCP, to clients in {@code --transfer-allow} or whose query was
 * signed with a known TSIG key (the transport verified it); everybody else is REFUSED. Over UDP, AXFR is FORMERR (RFC
 * 5936 defines it over TCP alone) and IXFR gets the current SOA, which tells the client to ask again over TCP (RFC
 * 1995 §2). At most {@code maxTransfers} run at once; one more gets SERVFAIL, so the secondary retries later.
 */
public final class TransferHandler implements QueryHandler {

  private final ZoneContents contents;
  private final ZoneView view;
  private final Optional<ZoneHistory> history;
  private final Optional<StaticZones> files;
  private final List<Cidr> allow;
  private final int maxTransfers;
  private final TransferMeters meters;
  private final AtomicInteger running = new AtomicInteger();

  /** @param history the differences IXFR answers with; empty to answer every IXFR with the whole zone */
  public TransferHandler(ZoneContents contents, ZoneView view, Optional<ZoneHistory> history,
      Optional<StaticZones> files, List<Cidr> allow, int maxTransfers, TransferMeters meters) {
    this.contents = contents;
    this.view = view;
    this.history = history;
    this.files = files;
    this.allow = List.copyOf(allow);
    this.maxTransfers = maxTransfers;
    this.meters = meters;
  }

  @Override
  public CompletionStage<DnsReply> handle(DnsRequest request, QueryChain next) {
    int qtype = request.qtype();
    if (qtype != Type.AXFR && qtype != Type.IXFR) {
      return next.proceed(request);
    }
    if (request.signature().isEmpty() && allow.stream().noneMatch(c -> c.contains(request.client().getAddress()))) {
      meters.refused("not_allowed");
      return reply(request, Rcode.REFUSED);
    }
    Name origin = request.qname();
    boolean registry = origin.equals(contents.origin());
    Optional<Zone> file = registry ? Optional.empty()
        : files.flatMap(f -> f.zoneFor(origin)).filter(z -> z.getOrigin().equals(origin));
    if (!registry && file.isEmpty()) {
      return reply(request, Rcode.NOTAUTH);
    }
    ZoneSnapshot snapshot = view.current();
    SOARecord soa = registry ? snapshot.soa() : file.get().getSOA();
    if (request.transport() == Transport.UDP) {
      if (qtype == Type.AXFR) {
        return reply(request, Rcode.FORMERR);
      }
      Message m = ReplyMessages.authoritative(request.query(), Rcode.NOERROR, List.of(soa), List.of(), List.of());
      return CompletableFuture.completedFuture(DnsReply.of(m));
    }
    Iterator<Record> records;
    if (qtype == Type.IXFR) {
      Optional<Long> serial = clientSerial(request.query());
      if (serial.isEmpty()) {
        return reply(request, Rcode.FORMERR);
      }
      records = registry ? ixfr(serial.get(), snapshot) : TransferRecords.fileAxfr(file.get(), serial.get());
    } else {
      records = registry ? TransferRecords.axfr(contents, snapshot) : TransferRecords.fileAxfr(file.get(), -1);
    }
    if (running.incrementAndGet() > maxTransfers) {
      running.decrementAndGet();
      meters.refused("busy");
      return reply(request, Rcode.SERVFAIL);
    }
    meters.served(qtype == Type.AXFR ? "axfr" : "ixfr");
    return CompletableFuture.completedFuture(DnsReply.transfer(
        new TransferMessages(request.query(), records, running::decrementAndGet)));
  }

  private Iterator<Record> ixfr(long serial, ZoneSnapshot snapshot) {
    if (history.isEmpty()) {
      return TransferRecords.axfr(contents, snapshot);
    }
    ZoneHistory.Answer answer = history.get().since(serial);
    if (answer instanceof ZoneHistory.Current c) {
      return List.<Record>of(c.soa()).iterator();
    }
    if (answer instanceof ZoneHistory.Differences d) {
      return TransferRecords.ixfr(d);
    }
    return TransferRecords.axfr(contents, ((ZoneHistory.Full) answer).snapshot());
  }

  /** The serial of the SOA an IXFR query carries in its authority section (RFC 1995 §3). */
  private static Optional<Long> clientSerial(Message query) {
    for (Record r : query.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return Optional.of(soa.getSerial());
      }
    }
    return Optional.empty();
  }

  private static CompletionStage<DnsReply> reply(DnsRequest request, int rcode) {
    return CompletableFuture.completedFuture(DnsReply.of(ReplyMessages.reply(request.query(), rcode)));
  }
}
