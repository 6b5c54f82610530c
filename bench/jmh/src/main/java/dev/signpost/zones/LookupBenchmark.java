package dev.signpost.zones;

import dev.signpost.bench.Cursor;
import dev.signpost.bench.QueryFixture;
import dev.signpost.dns.wire.WireQuery;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Lookup: from a question's name to the service's instances to serve. The name read from wire bytes
 * ({@link NamingScheme#parse(QueryName)}) or from dnsjava's {@link Name} ({@link NamingScheme#parse(Name)},
 * which writes the name out first); the service found in the current snapshot; and the step that every answer
 * plan starts with (name, snapshot, served instances, policy). In package dev.signpost.zones to reach the
 * snapshot's package-private lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LookupBenchmark {

  @Param({"100", "10000"})
  public int services;

  private QueryFixture fixture;
  private NamingScheme naming;
  private ZoneView view;
  private byte[][] queries;
  private int[] nameEnds;
  private Name[] names;
  private String[] keys;

  @Setup
  public void setUp() {
    fixture = QueryFixture.start(services);
    naming = fixture.records.naming();
    view = fixture.view;
    int[] order = QueryFixture.shuffled(services);
    queries = new byte[services][];
    nameEnds = new int[services];
    names = new Name[services];
    keys = new String[services];
    for (int i = 0; i < services; i++) {
      queries[i] = QueryFixture.query(order[i], Type.A, false);
      nameEnds[i] = WireQuery.parse(queries[i]).nameEnd();
      names[i] = QueryFixture.qname(order[i]);
      keys[i] = QueryFixture.service(order[i]);
    }
    for (String key : keys) {
      ServiceEntry entry = view.current().service(key);
      if (entry == null || entry.servedWith(List.of()).size() != QueryFixture.INSTANCES) {
        throw new IllegalStateException("the zone does not serve " + key);
      }
    }
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public NameForm wireName(Cursor cursor) {
    int i = cursor.next(queries.length);
    return naming.parse(QueryName.inWire(queries[i], DnsWire.HEADER_LENGTH, nameEnds[i]));
  }

  @Benchmark
  public NameForm parseName(Cursor cursor) {
    return naming.parse(names[cursor.next(names.length)]);
  }

  @Benchmark
  public ServiceEntry snapshotService(Cursor cursor) {
    return view.current().service(keys[cursor.next(keys.length)]);
  }

  /** What {@link RegistryZone#plan} does before ordering, for a query kept as bytes. */
  @Benchmark
  public void wireLookup(Cursor cursor, Blackhole bh) {
    int i = cursor.next(queries.length);
    NameForm.Service form = (NameForm.Service) naming.parse(
        QueryName.inWire(queries[i], DnsWire.HEADER_LENGTH, nameEnds[i]));
    ServiceEntry entry = view.current().service(form.service());
    bh.consume(entry.servedWith(List.of()));
    bh.consume(fixture.discovery.policy(form.service()));
  }

  /** The general path's lookup of the service: dnsjava's name parsed by label, then snapshot and policy. */
  @Benchmark
  public void nameLookup(Cursor cursor, Blackhole bh) {
    NameForm.Service form = (NameForm.Service) naming.parse(names[cursor.next(names.length)]);
    ServiceEntry entry = view.current().service(form.service());
    bh.consume(entry.servedWith(form.tags()));
    bh.consume(fixture.discovery.policy(form.service()));
  }
}
