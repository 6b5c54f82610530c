package dev.signpost.dns.chain;

import java.util.Objects;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * The TSIG signature of a query, verified (RFC 8945): the key that made it and the query's TSIG record, whose MAC
 * the reply's signature covers. A signed query's reply is always signed, whichever handler answers it.
 */
public record Signature(TSIG key, TSIGRecord queryTsig) {

  public Signature {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(queryTsig, "queryTsig");
  }
}
