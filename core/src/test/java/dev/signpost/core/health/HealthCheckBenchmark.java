package dev.signpost.core.health;

import com.sun.net.httpserver.HttpServer;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: a load benchmark of the health engine (run by {@code bench/health-checks.sh}). Registers N
 * instances, each with an HTTP check against one of E local keep-alive endpoints (instance i probes
 * endpoint i mod E, as instances on E hosts would), lets them settle, then measures the checks run per
 * second and the CPU the engine used (its threads and the HTTP client's, not the endpoints').
 *
 * <p>Arguments: instances (10000), interval (10s), measured seconds (30), endpoints (16). One endpoint
 * is a host the per-host probe limit ({@link ProbeLimits#DEFAULT}) caps at 8 probes in flight. With 0
 * endpoints the probe answers at once without any I/O, which measures the engine alone.
 */
public final class HealthCheckBenchmark {

  private HealthCheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int instances = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Duration interval = Duration.parse("PT" + (args.length > 1 ? args[1] : "10s").toUpperCase());
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int endpoints = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    // The JDK's server leaves Nagle's algorithm on: each answer would wait for the client's delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");

    // The engine logs each failure; a benchmark wants its figures, not 10,000 lines.
    java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("dev.signpost");
    quiet.setLevel(java.util.logging.Level.SEVERE);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AtomicInteger n = new AtomicInteger();
    ExecutorService endpointPool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "endpoint-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
    List<HttpServer> servers = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    for (int e = 0; e < endpoints; e++) {
      HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      endpoint.createContext("/health", exchange -> {
        exchange.sendResponseHeaders(200, ok.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(ok);
        }
      });
      endpoint.setExecutor(endpointPool);
      endpoint.start();
      servers.add(endpoint);
      urls.add("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/health");
    }

    if (endpoints == 0) {
      urls.add("http://127.0.0.1:9/health");
    }
    Probe instant = check -> java.util.concurrent.CompletableFuture.completedFuture(ProbeResult.of(
        new dev.signpost.core.CheckState(HealthStatus.PASSING, "HTTP GET " + check.http() + ": 200 OK")));
    try (ServiceDiscovery discovery = endpoints == 0 ? ServiceDiscovery.builder().probe(instant).build()
        : ServiceDiscovery.inMemory()) {
      long registerStart = System.nanoTime();
      for (int i = 0; i < instances; i++) {
        CheckSpec check = new CheckSpec("", "", "", urls.get(i % urls.size()), "", Map.of(), false, "", null, interval,
            Duration.ofSeconds(5), null, 0, 0, 0, null);
        discovery.register(new Instance("i-" + i, dev.signpost.core.ServiceName.of("svc-" + (i % 100)),
            "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 8080, List.of(), Map.of(), null, null,
            List.of(check), null, 0, 0));
      }
      System.out.printf("registered %d instances in %d ms%n", instances,
          Duration.ofNanos(System.nanoTime() - registerStart).toMillis());

      // Settle: every instance has run its first check, the second runs have spread out, and the JIT has
      // compiled the hot paths (it takes about 30 s at 10,000 checks a second on one core).
      Thread.sleep(interval.toMillis() + 30_000);
      long runs0 = discovery.metrics().checksRun();
      long fail0 = discovery.metrics().checkFailures();
      long cpu0 = processCpu();
      long engine0 = cpuOf(threads, "signpost-", "HttpClient-");
      long ep0 = cpuOf(threads, "endpoint-", "HTTP-Dispatcher");
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long wall = System.nanoTime() - t0;
      long runs = discovery.metrics().checksRun() - runs0;
      long fails = discovery.metrics().checkFailures() - fail0;
      long cpu = processCpu() - cpu0;
      long engine = cpuOf(threads, "signpost-", "HttpClient-") - engine0;
      long ep = cpuOf(threads, "endpoint-", "HTTP-Dispatcher") - ep0;
      int passing = discovery.metrics().instancesByStatus().getOrDefault(HealthStatus.PASSING, 0);

      double perSecond = runs / (wall / 1e9);
      System.out.printf("%d endpoints, interval %s, %d instances: %.0f checks/s sustained over %d s (expected %.0f),"
          + " %d failed%n",
          endpoints, interval, instances, perSecond, seconds, instances / (interval.toNanos() / 1e9), fails);
      System.out.printf("CPU: whole process %.2f cores, of which the endpoints %.2f; the rest (engine, HTTP client,"
              + " JIT, GC, the JDK's own threads) %.2f cores = %.1f µs per check; engine and client threads alone"
              + " %.1f µs per check%n", cpu / (double) wall, ep / (double) wall, (cpu - ep) / (double) wall,
          (cpu - ep) / 1e3 / Math.max(1, runs), engine / 1e3 / Math.max(1, runs));
      System.out.printf("instances passing at the end: %d of %d%n", passing, instances);
    } finally {
      servers.forEach(s -> s.stop(0));
      endpointPool.shutdownNow();
    }
  }

  /** CPU of the live threads whose names start with one of {@code prefixes}. */
  private static long cpuOf(ThreadMXBean threads, String... prefixes) {
    long sum = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      for (String prefix : prefixes) {
        if (info != null && info.getThreadName().startsWith(prefix)) {
          sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
        }
      }
    }
    return sum;
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
