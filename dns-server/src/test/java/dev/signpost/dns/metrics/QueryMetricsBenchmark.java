package dev.signpost.dns.metrics;

import dev.signpost.dns.chain.Transport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Not a test: what counting costs per query on the Prometheus registry the server uses
 * ({@code bench/query-metrics.sh}). Warms up, then times a batch of {@code record} calls over a mix of
 * types and response codes, on one thread and on several at once.
 */
public final class QueryMetricsBenchmark {

  private static final int[] TYPES = {Type.A, Type.AAAA, Type.SRV, Type.A, Type.A, Type.PTR, 65000};
  private static final int[] RCODES = {Rcode.NOERROR, Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.NOERROR};

  private QueryMetricsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000_000;
    QueryMetrics metrics = new QueryMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    run(metrics, calls / 4); // warm-up: JIT and every counter registered
    long start = System.nanoTime();
    run(metrics, calls);
    double perCall = (System.nanoTime() - start) / (double) calls;
    System.out.printf("one thread: %.1f ns per recorded query (%d calls)%n", perCall, calls);

    int threads = Runtime.getRuntime().availableProcessors();
    Thread[] workers = new Thread[threads];
    start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> run(metrics, calls / threads));
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    double wall = (System.nanoTime() - start) / (double) calls;
    System.out.printf("%d threads: %.1f ns of wall time per recorded query%n", threads, wall);
  }

  private static void run(QueryMetrics metrics, int calls) {
    for (int i = 0; i < calls; i++) {
      metrics.record(TYPES[i % TYPES.length], RCODES[i % RCODES.length], (i & 7) == 0 ? Transport.TCP : Transport.UDP,
          25_000);
    }
  }
}
