package dev.signpost.core.health;

import com.sun.net.httpserver.HttpServer;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: issue 13's scenario (run by {@code bench/health-checks.sh hanging}). N instances have HTTP
 * checks against an endpoint that accepts connections and never answers; one more instance, in a
 * service of its own, has a check against a healthy endpoint that the benchmark turns to 503 and back.
 * It prints how long each change took to reach what DNS serves, against the bound interval × threshold
 * + 1 s, and the checks run per second meanwhile.
 *
 * <p>Arguments: hanging instances (2000), interval (1s), timeout of the hanging checks (10s), rounds (3).
 */
public final class HangingChecksBenchmark {

  private static final int THRESHOLD = 2;

  private HangingChecksBenchmark() {}

  public static void main(String[] args) throws Exception {
    int hanging = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Duration interval = duration(args.length > 1 ? args[1] : "1s");
    Duration timeout = duration(args.length > 2 ? args[2] : "10s");
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    java.util.logging.Logger.getLogger("dev.signpost").setLevel(java.util.logging.Level.OFF);

    ServerSocketChannel silent = ServerSocketChannel.open()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    // Accepted, never read or answered.
    List<SocketChannel> held = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          held.add(silent.accept());
        }
      } catch (java.io.IOException closed) {
        // the benchmark is over
      }
    }, "hanging-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();

    AtomicInteger status = new AtomicInteger(200);
    HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    healthy.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(status.get(), 2);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("ok".getBytes(StandardCharsets.UTF_8));
      }
    });
    healthy.start();

    String hangingUrl = "http://127.0.0.1:" + silent.socket().getLocalPort() + "/health";
    String healthyUrl = "http://127.0.0.1:" + healthy.getAddress().getPort() + "/health";
    try (ServiceDiscovery discovery = ServiceDiscovery.inMemory()) {
      for (int i = 0; i < hanging; i++) {
        register(discovery, "hung-" + i, "hung", check(hangingUrl, interval, timeout));
      }
      register(discovery, "ok-1", "ok", check(healthyUrl, interval, Duration.ofSeconds(1)));
      Duration bound = interval.multipliedBy(THRESHOLD).plusSeconds(1);
      System.out.printf("%d checks every %s against a hanging endpoint (timeout %s), 1 against a healthy one;"
          + " bound for a change to show: %d ms%n", hanging, interval, timeout, bound.toMillis());
      System.out.printf("healthy instance first served after %d ms%n", waitServed(discovery, true).toMillis());
      Thread.sleep(timeout.plus(interval).toMillis()); // the hanging checks' timeouts are now in full swing
      long runs0 = discovery.metrics().checksRun();
      long t0 = System.nanoTime();
      for (int r = 1; r <= rounds; r++) {
        status.set(503);
        Duration out = waitServed(discovery, false);
        status.set(200);
        Duration back = waitServed(discovery, true);
        System.out.printf("round %d: out of DNS after %d ms, back after %d ms (bound %d ms)%s%n", r,
            out.toMillis(), back.toMillis(), bound.toMillis(),
            out.compareTo(bound) <= 0 && back.compareTo(bound) <= 0 ? "" : "  EXCEEDED");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      // A hung check yields a result per timeout at most (plus the interval, when that is longer).
      double due = hanging / (Math.max(timeout.toNanos(), interval.toNanos()) / 1e9) + 1 / (interval.toNanos() / 1e9);
      System.out.printf("%.0f check results/s meanwhile (about %.0f due: a hung check ends at its timeout);"
          + " %d connections accepted by the hanging endpoint%n", (discovery.metrics().checksRun() - runs0) / seconds,
          due, held.size());
    } finally {
      healthy.stop(0);
      silent.close();
    }
  }

  /** How long until DNS serves (or stops serving) the healthy instance; gives up after 60 s. */
  private static Duration waitServed(ServiceDiscovery discovery, boolean served) throws InterruptedException {
    long start = System.nanoTime();
    long giveUp = start + Duration.ofSeconds(60).toNanos();
    while (discovery.serving("ok").instances().isEmpty() == served && System.nanoTime() < giveUp) {
      Thread.sleep(5);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static CheckSpec check(String url, Duration interval, Duration timeout) {
    return new CheckSpec("", "", "", url, "", Map.of(), false, "", null, interval, timeout, null, THRESHOLD, 0,
        THRESHOLD, null);
  }

  private static void register(ServiceDiscovery discovery, String id, String service, CheckSpec check) {
    discovery.register(Instance.of(id, service, "127.0.0.1", 80, List.of()).withChecks(List.of(check)))
        .toCompletableFuture().join();
  }

  /** {@code 500ms}, {@code 10s}, {@code 1m}. */
  private static Duration duration(String text) {
    return text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)))
        : Duration.parse("PT" + text.toUpperCase());
  }
}
