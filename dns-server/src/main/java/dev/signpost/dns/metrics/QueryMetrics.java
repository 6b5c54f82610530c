package dev.signpost.dns.metrics;

import dev.signpost.dns.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Counts answered queries by type, response code and transport ({@code signpost_dns_queries_total}) and
 * times them ({@code signpost_dns_query_seconds}). The hot path does one lock-free map read and two
 * increments; a counter is registered only the first time its combination is seen. Types outside a
 * fixed list count as {@code other}, so odd queries cannot grow the number of series without bound.
 */
public final class QueryMetrics {

  private static final Set<Integer> NAMED_TYPES = Set.of(Type.A, Type.AAAA, Type.SRV, Type.PTR, Type.TXT, Type.SOA,
      Type.NS, Type.ANY, Type.CNAME, Type.MX, Type.HTTPS, Type.SVCB, Type.CAA, Type.DS, Type.DNSKEY, Type.NAPTR);
  static final int OTHER_TYPE = -1;

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Integer, Counter> counters = new ConcurrentHashMap<>();
  private final Timer duration;

  public QueryMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duration = Timer.builder("signpost.dns.query").description("time from a decoded query to its reply")
        .register(registry);
  }

  /** One answered query; {@code nanos} from decode to reply. */
  public void record(int qtype, int rcode, Transport transport, long nanos) {
    int type = NAMED_TYPES.contains(qtype) ? qtype : OTHER_TYPE;
    int key = (type & 0xFFFF) << 16 | (rcode & 0xFFF) << 1 | (transport == Transport.TCP ? 1 : 0);
    Counter c = counters.get(key);
    if (c == null) {
      c = counters.computeIfAbsent(key, k -> Counter.builder("signpost.dns.queries")
          .description("queries answered, by type, response code and transport")
          .tag("type", type == OTHER_TYPE ? "other" : Type.string(type))
          .tag("rcode", Rcode.string(rcode))
          .tag("transport", transport.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry));
    }
    c.increment();
    duration.record(nanos, TimeUnit.NANOSECONDS);
  }
}
