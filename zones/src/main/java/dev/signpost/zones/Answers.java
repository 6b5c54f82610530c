package dev.signpost.zones;

import dev.signpost.core.ServicePolicy;
import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/** The shapes of an authoritative answer that every lookup of the registry's zone shares. */
final class Answers {

  private Answers() {}

  static LookupResult answer(List<Record> answer, List<Record> additional) {
    return new LookupResult.Answer(Rcode.NOERROR, answer, List.of(), additional);
  }

  /** The name exists, but not with the asked type. */
  static LookupResult noData(ZoneSnapshot snapshot) {
    return new LookupResult.Answer(Rcode.NOERROR, List.of(), List.of(snapshot.soa()), List.of());
  }

  /** Known, but nothing to serve now: a brief negative TTL, so a recovery is seen within a second. */
  static LookupResult nothingServed(ZoneSnapshot snapshot) {
    return new LookupResult.Answer(Rcode.NOERROR, List.of(), List.of(snapshot.briefSoa()), List.of());
  }

  static LookupResult nxDomain(ZoneSnapshot snapshot) {
    return new LookupResult.Answer(Rcode.NXDOMAIN, List.of(), List.of(snapshot.soa()), List.of());
  }

  /** The TTL of a service's records: its policy's, else the zone's; brief while it fails open. */
  static long ttl(ServicePolicy policy, ServiceEntry entry, long zoneTtl) {
    long ttl = policy.ttl().orElse(zoneTtl);
    return entry.serving().failingOpen() ? Math.min(ttl, ZoneSnapshot.BRIEF_TTL) : ttl;
  }
}
