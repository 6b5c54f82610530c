package dev.signpost.zones;

import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Rcode;

/** What a zone says about a question: an authoritative answer, or "not mine". */
public sealed interface LookupResult {

  /** The name is outside every zone this source serves: someone else must answer. */
  record NotAuthoritative() implements LookupResult {}

  /**
   * An authoritative answer. NXDOMAIN and NODATA carry the SOA in {@code authority}.
   *
   * @param rcode {@link Rcode#NOERROR} or {@link Rcode#NXDOMAIN}
   */
  record Answer(int rcode, List<Record> answer, List<Record> authority, List<Record> additional)
      implements LookupResult {

    public Answer {
      answer = List.copyOf(answer);
      authority = List.copyOf(authority);
      additional = List.copyOf(additional);
    }

    public boolean isNoData() {
      return rcode == Rcode.NOERROR && answer.isEmpty();
    }
  }
}
