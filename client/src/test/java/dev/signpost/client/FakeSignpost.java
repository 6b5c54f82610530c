package dev.signpost.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Signpost's health and outcome endpoints on a loopback port, as far as the client uses them: the health list
 * answers blocking queries as the server does (held until the index passes the asked one or the wait ends),
 * and a test scripts failures, the index and what the outcome endpoint answers. Records every request.
 */
final class FakeSignpost implements AutoCloseable {

  /** One request as it arrived. */
  record Seen(String method, String path, String query, String token, String body) {

    /** A query parameter's value; "" for a flag such as {@code passing}; null when absent. */
    String param(String name) {
      if (query == null) {
        return null;
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (key.equals(name)) {
          return eq < 0 ? "" : pair.substring(eq + 1);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-signpost");
    t.setDaemon(true);
    return t;
  });
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Deque<Integer> failures = new ArrayDeque<>();
  private final BlockingQueue<Seen> healthRequests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Seen> outcomeRequests = new LinkedBlockingQueue<>();
  private String entries = "[]";
  private long index = 1;
  private int outcomeStatus = 200;
  private String outcomeBody = "";

  FakeSignpost() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/v1/health/service/", this::health);
    server.createContext("/v1/signpost/instance/", this::outcomes);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The service's list changes: a new index, and every held query answers. */
  void set(long newIndex, String... instances) {
    lock.lock();
    try {
      entries = "[" + String.join(",", instances) + "]";
      index = newIndex;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next health requests answer these statuses (with a short body) instead of the list. */
  void failNext(int... statuses) {
    lock.lock();
    try {
      for (int s : statuses) {
        failures.addLast(s);
      }
    } finally {
      lock.unlock();
    }
  }

  /** What the outcome endpoint answers from now on. */
  void outcomesAnswer(int status, String body) {
    lock.lock();
    try {
      outcomeStatus = status;
      outcomeBody = body;
    } finally {
      lock.unlock();
    }
  }

  /** The next health request, waiting for it up to five seconds. */
  Seen nextHealthRequest() throws InterruptedException {
    Seen s = healthRequests.poll(5, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("no health request came");
    }
    return s;
  }

  BlockingQueue<Seen> healthRequests() {
    return healthRequests;
  }

  BlockingQueue<Seen> outcomeRequests() {
    return outcomeRequests;
  }

  /** A health entry as Signpost writes one (only the fields the client reads, plus one it ignores). */
  static String entry(String id, String address, int port, String zone, Map<String, String> meta) {
    StringBuilder m = new StringBuilder();
    meta.forEach((k, v) -> m.append(m.length() == 0 ? "" : ",").append('"').append(k).append("\":\"").append(v)
        .append('"'));
    return """
        {"Node": {"Node": "n1", "Address": "192.0.2.99"},
         "Service": {"ID": "%s", "Service": "web", "Tags": ["v1"], "Meta": {%s}, "Port": %d, "Address": "%s",
                     "Weights": {"Passing": 3, "Warning": 1}, "EnableTagOverride": false,
                     "Locality": {"Region": "r", "Zone": "%s"}},
         "Checks": [{"CheckID": "serfHealth", "Status": "passing"}]}""".formatted(id, m, port, address, zone);
  }

  /** The entry as Signpost lists an instance whose breaker is half-open: its passive check in warning. */
  static String halfOpen(String entry) {
    return entry.replace("\"Status\": \"passing\"}]", "\"Status\": \"passing\"}, {\"CheckID\": \"_signpost_passive:"
        + id(entry) + "\", \"Status\": \"warning\"}]");
  }

  private static String id(String entry) {
    int at = entry.indexOf("\"ID\": \"") + 7;
    return entry.substring(at, entry.indexOf('"', at));
  }

  static String entry(String id, int port) {
    return entry(id, "127.0.0.1", port, "", Map.of());
  }

  private void health(HttpExchange exchange) throws IOException {
    Seen seen = seen(exchange);
    int status;
    String body;
    long at;
    lock.lock();
    try {
      Integer failure = failures.pollFirst();
      // Recorded once it took its scripted failure (or none): a test that saw it can script the next ones.
      healthRequests.add(seen);
      if (failure != null) {
        status = failure;
        body = "scripted failure";
        at = index;
      } else {
        String asked = seen.param("index");
        long after = asked == null ? 0 : Long.parseLong(asked);
        long deadline = System.nanoTime() + wait(seen.param("wait")).toNanos();
        while (after > 0 && index == after && System.nanoTime() < deadline) {
          changed.awaitNanos(deadline - System.nanoTime());
        }
        status = 200;
        body = entries;
        at = index;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } finally {
      lock.unlock();
    }
    exchange.getResponseHeaders().add("X-Consul-Index", Long.toString(at));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    send(exchange, status, body);
  }

  private void outcomes(HttpExchange exchange) throws IOException {
    outcomeRequests.add(seen(exchange));
    int status;
    String body;
    lock.lock();
    try {
      status = outcomeStatus;
      body = outcomeBody;
    } finally {
      lock.unlock();
    }
    send(exchange, status, body);
  }

  private static Duration wait(String text) {
    if (text == null) {
      return Duration.ofMinutes(5);
    }
    return text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)))
        : Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
  }

  private static Seen seen(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("X-Consul-Token"), body);
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Every outcome request so far, drained. */
  List<Seen> drainOutcomes() {
    List<Seen> all = new ArrayList<>();
    outcomeRequests.drainTo(all);
    return all;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      index = Long.MAX_VALUE; // wakes held queries
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    server.stop(0);
    threads.shutdownNow();
  }
}
