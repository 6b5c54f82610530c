package dev.signpost.dns.forward;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * What makes two questions the same for the cache and for sharing a query in flight: the lower-cased
 * name, the type, the class, and whether DNSSEC records were asked for (they change the answer).
 */
record CacheKey(Name name, int type, int dclass, boolean dnssecOk) {

  static CacheKey of(Record question, boolean dnssecOk) {
    return new CacheKey(question.getName().canonicalize(), question.getType(), question.getDClass(), dnssecOk);
  }
}
