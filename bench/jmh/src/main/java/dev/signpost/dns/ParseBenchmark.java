package dev.signpost.dns;

import dev.signpost.bench.Cursor;
import dev.signpost.bench.QueryFixture;
import dev.signpost.dns.wire.WireQuery;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Parse: the fast reader of the common query ({@link WireQuery#parse}) against dnsjava's full parser, which
 * the decoder falls back to, over A and SRV queries for 100 service names.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBenchmark {

  private static final int NAMES = 100;

  /** Whether the query carries an OPT record (dig sends one; dnsperf, as bench/compare-knot.sh runs it, not). */
  @Param({"false", "true"})
  public boolean edns;

  private byte[][] queries;

  @Setup
  public void setUp() {
    queries = new byte[2 * NAMES][];
    int[] order = QueryFixture.shuffled(NAMES);
    for (int i = 0; i < NAMES; i++) {
      queries[2 * i] = QueryFixture.query(order[i], Type.A, edns);
      queries[2 * i + 1] = QueryFixture.query(order[i], Type.SRV, edns);
    }
    for (byte[] q : queries) {
      if (WireQuery.parse(q) == null) {
        throw new IllegalStateException("the fast parser refused a common query");
      }
    }
  }

  /** Picking the next query alone: what every benchmark here pays besides the work it measures. */
  @Benchmark
  public byte[] baseline(Cursor cursor) {
    return queries[cursor.next(queries.length)];
  }

  @Benchmark
  public WireQuery wireQuery(Cursor cursor) {
    return WireQuery.parse(queries[cursor.next(queries.length)]);
  }

  @Benchmark
  public Message dnsjavaMessage(Cursor cursor) throws IOException {
    return new Message(queries[cursor.next(queries.length)]);
  }
}
