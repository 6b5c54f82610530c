package dev.signpost.zones;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The zone of the domain's parent ({@code consul.} of {@code service.consul}), served as Consul serves
 * {@code consul.}: its apex (SOA, NS), the nodes ({@code <node>.node[.<dc>].<parent>}), the names that only hold
 * others, and NXDOMAIN for everything else, each negative answer with the parent's SOA. The datacenter form of
 * the domain's names ({@code <svc>.service.<dc>.<parent>}) is answered by {@link RegistryZone} as the domain's
 * names, its negative answers then given the parent's SOA here ({@link #inParentZone}). Stateless:
 * {@link RegistryZone} hands it the question's snapshot.
 */
final class ParentLookup {

  private final RecordFactory records;
  private final NodeAddresses nodes;

  ParentLookup(RecordFactory records, NodeAddresses nodes) {
    this.records = records;
    this.nodes = nodes;
  }

  /** The parent's apex: its SOA and NS (with the name server's address), or NODATA. */
  LookupResult apex(ZoneSnapshot snapshot, int qtype) {
    return switch (qtype) {
      case Type.SOA -> LookupResult.Records.answer(List.of(snapshot.parentSoa()), List.of());
      case Type.NS -> LookupResult.Records.answer(List.of(records.parentNs()), List.of(records.nameServerGlue()));
      case Type.ANY -> LookupResult.Records.answer(List.of(snapshot.parentSoa(), records.parentNs()),
          List.of(records.nameServerGlue()));
      default -> noData(snapshot);
    };
  }

  /**
   * A node's A and AAAA records (both for ANY), owned by the question's name; NODATA for a family it has no
   * address of and for other types; NXDOMAIN for a node no source lists.
   */
  LookupResult node(ZoneSnapshot snapshot, QueryName name, int qtype, String node) {
    Optional<List<InetAddress>> addresses = nodes.addresses(node);
    if (addresses.isEmpty()) {
      return nxDomain(snapshot);
    }
    if (qtype != Type.A && qtype != Type.AAAA && qtype != Type.ANY) {
      return noData(snapshot);
    }
    List<Record> answer = new ArrayList<>(addresses.get().size());
    for (InetAddress address : addresses.get()) {
      boolean v4 = address instanceof Inet4Address;
      if (qtype == Type.ANY || qtype == (v4 ? Type.A : Type.AAAA)) {
        answer.add(records.addressRecord(name.name(), address));
      }
    }
    return answer.isEmpty() ? noData(snapshot) : LookupResult.Records.answer(answer, List.of());
  }

  /** A name that exists only as the parent of others. */
  LookupResult noData(ZoneSnapshot snapshot) {
    return LookupResult.Records.noData(snapshot.parentSoa());
  }

  LookupResult nxDomain(ZoneSnapshot snapshot) {
    return LookupResult.Records.nxDomain(snapshot.parentSoa());
  }

  /**
   * A domain name's answer given for its datacenter form: the same records, the domain's SOA in a negative
   * answer replaced by the parent's (the question's name is in the parent's zone, and a resolver caches the
   * absence of a name under the zone whose SOA comes with it, RFC 2308).
   */
  static LookupResult.Records inParentZone(LookupResult.Records answer, ZoneSnapshot snapshot) {
    if (answer.authority().isEmpty()) {
      return answer;
    }
    List<Record> authority = new ArrayList<>(answer.authority().size());
    for (Record r : answer.authority()) {
      authority.add(r instanceof SOARecord soa ? snapshot.parentSoaFor(soa) : r);
    }
    return new LookupResult.Records(answer.rcode(), answer.answer(), authority, answer.additional());
  }
}
