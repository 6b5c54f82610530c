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
 * instances, each with an HTTP check against one local endpoint, lets them settle, then measures the
 * checks run per second and the CPU the engine used (the process's CPU less the endpoint's threads).
 *
 * <p>Arguments: instances (10000), interval (10s), measured seconds (30).
 */
public final class HealthCheckBenchmark {

  private HealthCheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int instances = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Duration interval = Duration.parse("PT" + (args.length > 1 ? args[1] : "10s").toUpperCase());
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;

    // The engine logs each failure; a benchmark wants its figures, not 10,000 lines.
    java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("dev.signpost");
    quiet.setLevel(java.util.logging.Level.SEVERE);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Long> endpointThreads = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger n = new AtomicInteger();
    ExecutorService endpointPool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(() -> {
        endpointThreads.add(Thread.currentThread().getId());
        r.run();
      }, "endpoint-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
    endpoint.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, ok.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(ok);
      }
    });
    endpoint.setExecutor(endpointPool);
    endpoint.start();
    String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/health";

    try (ServiceDiscovery discovery = ServiceDiscovery.inMemory()) {
      long registerStart = System.nanoTime();
      for (int i = 0; i < instances; i++) {
        CheckSpec check = new CheckSpec("", "", "", url, "", Map.of(), false, "", null, interval,
            Duration.ofSeconds(5), null, 0, 0, 0, null);
        discovery.register(new Instance("i-" + i, dev.signpost.core.ServiceName.of("svc-" + (i % 100)),
            "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 8080, List.of(), Map.of(), null, null,
            List.of(check), null, 0, 0));
      }
      System.out.printf("registered %d instances in %d ms%n", instances,
          Duration.ofNanos(System.nanoTime() - registerStart).toMillis());

      // Settle: every instance has run its first check and the second runs have spread out.
      Thread.sleep(interval.toMillis() + 5_000);
      long runs0 = discovery.metrics().checksRun();
      long fail0 = discovery.metrics().checkFailures();
      long cpu0 = processCpu();
      long engine0 = engineCpu(threads);
      long ep0 = cpuOf(threads, endpointThreads);
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long wall = System.nanoTime() - t0;
      long runs = discovery.metrics().checksRun() - runs0;
      long fails = discovery.metrics().checkFailures() - fail0;
      long cpu = processCpu() - cpu0;
      long engine = engineCpu(threads) - engine0;
      long ep = cpuOf(threads, endpointThreads) - ep0;
      int passing = discovery.metrics().instancesByStatus().getOrDefault(HealthStatus.PASSING, 0);

      double perSecond = runs / (wall / 1e9);
      System.out.printf("interval %s, %d instances: %.0f checks/s sustained over %d s (expected %.0f), %d failed%n",
          interval, instances, perSecond, seconds, instances / (interval.toNanos() / 1e9), fails);
      System.out.printf("CPU: whole process (engine, probes, endpoint, JIT, GC) %.2f cores; endpoint handlers %.2f cores;"
              + " engine and probe threads %.2f cores = %.1f µs of CPU per check%n",
          cpu / (double) wall, ep / (double) wall, engine / (double) wall, engine / 1e3 / Math.max(1, runs));
      System.out.printf("instances passing at the end: %d of %d%n", passing, instances);
    } finally {
      endpoint.stop(0);
      endpointPool.shutdownNow();
    }
  }

  /** CPU of the engine's own threads and the JDK HTTP client's selector and workers. */
  private static long engineCpu(ThreadMXBean threads) {
    long sum = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && (info.getThreadName().startsWith("signpost-") || info.getThreadName().startsWith("HttpClient-"))) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long cpuOf(ThreadMXBean threads, List<Long> ids) {
    long sum = 0;
    synchronized (ids) {
      for (long id : ids) {
        sum += Math.max(0, threads.getThreadCpuTime(id));
      }
    }
    return sum;
  }
}
