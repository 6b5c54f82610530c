package dev.signpost.zones;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * What a zone says about a question: not ours; an answer made of records; or, for a service's instances, an
 * {@link AnswerPlan} that one of two renderers writes ({@link RecordRenderer} as records, {@link WireRenderer}
 * as bytes).
 */
public sealed interface LookupResult permits LookupResult.NotAuthoritative, LookupResult.Records, AnswerPlan {

  /** The name is outside every zone this source serves: someone else must answer. */
  record NotAuthoritative() implements LookupResult {}

  /**
   * An authoritative answer as records. NXDOMAIN and NODATA carry the SOA in {@code authority}.
   *
   * @param rcode {@link Rcode#NOERROR} or {@link Rcode#NXDOMAIN}
   */
  record Records(int rcode, List<Record> answer, List<Record> authority, List<Record> additional)
      implements LookupResult {

    public Records {
      answer = List.copyOf(answer);
      authority = List.copyOf(authority);
      additional = List.copyOf(additional);
    }

    public boolean isNoData() {
      return rcode == Rcode.NOERROR && answer.isEmpty();
    }

    static Records answer(List<Record> answer, List<Record> additional) {
      return new Records(Rcode.NOERROR, answer, List.of(), additional);
    }

    /** The name exists, but not with the asked type. */
    static Records noData(ZoneSnapshot snapshot) {
      return noData(snapshot.soa());
    }

    /** As {@link #noData(ZoneSnapshot)}, under the zone whose SOA is {@code soa}. */
    static Records noData(SOARecord soa) {
      return new Records(Rcode.NOERROR, List.of(), List.of(soa), List.of());
    }

    /** Known, but nothing to serve now: a brief negative TTL, so a recovery is seen within a second. */
    static Records nothingServed(ZoneSnapshot snapshot) {
      return new Records(Rcode.NOERROR, List.of(), List.of(snapshot.briefSoa()), List.of());
    }

    static Records nxDomain(ZoneSnapshot snapshot) {
      return nxDomain(snapshot.soa());
    }

    /** No such name, under the zone whose SOA is {@code soa}. */
    static Records nxDomain(SOARecord soa) {
      return new Records(Rcode.NXDOMAIN, List.of(), List.of(soa), List.of());
    }
  }
}
