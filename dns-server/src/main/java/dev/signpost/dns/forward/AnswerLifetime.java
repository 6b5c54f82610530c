package dev.signpost.dns.forward;

import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * How long an upstream's answer may be served from the cache, in seconds; 0 means not at all.
 *
 * <ul>
 *   <li>An answer: its smallest TTL, over the answer, authority and additional sections.
 *   <li>NXDOMAIN or NODATA (NOERROR without answers): the smaller of the authority SOA's TTL and its
 *       MINIMUM field; without an SOA (a referral, or a server that did not say) it is not cached
 *       (RFC 2308 5).
 *   <li>SERVFAIL, REFUSED and every other code, and truncated answers: not cached.
 * </ul>
 * Every lifetime is capped at {@link #MAX_SECONDS}, so a huge TTL cannot pin a stale answer.
 */
final class AnswerLifetime {

  static final long MAX_SECONDS = 86_400;

  private AnswerLifetime() {}

  static long seconds(Message answer) {
    int rcode = answer.getRcode();
    if (answer.getHeader().getFlag(Flags.TC) || (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN)) {
      return 0;
    }
    List<Record> answers = answer.getSection(Section.ANSWER);
    long ttl;
    if (rcode == Rcode.NXDOMAIN || answers.isEmpty()) {
      SOARecord soa = soa(answer.getSection(Section.AUTHORITY));
      if (soa == null) {
        return 0;
      }
      // An NXDOMAIN may follow a CNAME chain in the answer section: those TTLs bound it too.
      ttl = Math.min(Math.min(soa.getTTL(), soa.getMinimum()), smallestTtl(answers));
    } else {
      ttl = Math.min(smallestTtl(answers), Math.min(smallestTtl(answer.getSection(Section.AUTHORITY)),
          smallestTtl(answer.getSection(Section.ADDITIONAL))));
    }
    return Math.max(0, Math.min(ttl, MAX_SECONDS));
  }

  private static SOARecord soa(List<Record> authority) {
    for (Record r : authority) {
      if (r instanceof SOARecord soa) {
        return soa;
      }
    }
    return null;
  }

  /** OPT and TSIG records carry flags and signatures in the TTL field, not a lifetime. */
  private static long smallestTtl(List<Record> records) {
    long smallest = Long.MAX_VALUE;
    for (Record r : records) {
      if (r.getType() != Type.OPT && r.getType() != Type.TSIG) {
        smallest = Math.min(smallest, r.getTTL());
      }
    }
    return smallest;
  }
}
