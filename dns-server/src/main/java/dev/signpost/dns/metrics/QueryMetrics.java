package dev.signpost.dns.metrics;

import dev.signpost.dns.chain.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Counts answered queries by type, response code and transport ({@code signpost_dns_queries_total}) and
 * times them ({@code signpost_dns_query_seconds}, count and sum, and {@code signpost_dns_query_max_seconds},
 * the longest since the previous scrape). The hot path does one array read, three increments and a compare;
 * a counter is registered only the first time its combination is seen. Not Micrometer's {@code Timer}: its
 * rolling maximum reads the clock on every record, which with the timer's other updates was about 5 % of
 * the user CPU of a query on the bytes path (async-profiler under dnsperf). Types outside a
 * fixed list count as {@code other}, so odd queries cannot grow the number of series without bound.
 */
public final class QueryMetrics {

  private static final Set<Integer> NAMED_TYPES = Set.of(Type.A, Type.AAAA, Type.SRV, Type.PTR, Type.TXT, Type.SOA,
      Type.NS, Type.ANY, Type.CNAME, Type.MX, Type.HTTPS, Type.SVCB, Type.CAA, Type.DS, Type.DNSKEY, Type.NAPTR);
  static final int OTHER_TYPE = -1;

  /** Counters of the commonest combinations (named type, rcode below 32, transport), found without boxing. */
  private static final int FAST_RCODES = 32;
  private static final int[] TYPE_SLOTS = typeSlots();

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Integer, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<Counter> fast =
      new AtomicReferenceArray<>((NAMED_TYPES.size() + 1) * FAST_RCODES * 2);
  private final LongAdder timed = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

  public QueryMetrics(MeterRegistry registry) {
    this.registry = registry;
    FunctionTimer.builder("signpost.dns.query", this, m -> m.timed.sum(), m -> m.totalNanos.sum(),
        TimeUnit.NANOSECONDS).description("time from a decoded query to its reply").register(registry);
    TimeGauge.builder("signpost.dns.query.max", maxNanos, TimeUnit.NANOSECONDS, LongAccumulator::getThenReset)
        .description("the longest time from a decoded query to its reply since the previous scrape")
        .register(registry);
  }

  /** One answered query; {@code nanos} from decode to reply. */
  public void record(int qtype, int rcode, Transport transport, long nanos) {
    int slot = qtype >= 0 && qtype < TYPE_SLOTS.length ? TYPE_SLOTS[qtype] : 0;
    int tcp = transport == Transport.TCP ? 1 : 0;
    Counter c;
    if (rcode >= 0 && rcode < FAST_RCODES) {
      int index = (slot * FAST_RCODES + rcode) * 2 + tcp;
      c = fast.get(index);
      if (c == null) {
        c = counter(qtype, rcode, transport);
        fast.set(index, c);
      }
    } else {
      c = counter(qtype, rcode, transport);
    }
    c.increment();
    timed.increment();
    totalNanos.add(nanos);
    maxNanos.accumulate(nanos);
  }

  /** The counter of a combination, registered the first time it is seen. */
  private Counter counter(int qtype, int rcode, Transport transport) {
    int type = NAMED_TYPES.contains(qtype) ? qtype : OTHER_TYPE;
    int key = (type & 0xFFFF) << 16 | (rcode & 0xFFF) << 1 | (transport == Transport.TCP ? 1 : 0);
    return counters.computeIfAbsent(key, k -> Counter.builder("signpost.dns.queries")
        .description("queries answered, by type, response code and transport")
        .tag("type", type == OTHER_TYPE ? "other" : Type.string(type))
        .tag("rcode", Rcode.string(rcode))
        .tag("transport", transport.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry));
  }

  /** Type number → 1 + its place among the named types, 0 for the others (all named types are below 300). */
  private static int[] typeSlots() {
    int[] slots = new int[NAMED_TYPES.stream().mapToInt(Integer::intValue).max().orElse(0) + 1];
    int next = 1;
    for (int type : NAMED_TYPES.stream().sorted().toList()) {
      slots[type] = next++;
    }
    return slots;
  }
}
