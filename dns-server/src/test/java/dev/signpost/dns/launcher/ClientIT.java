package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.signpost.client.ClientMetrics;
import dev.signpost.client.ServiceInstance;
import dev.signpost.client.SignpostClient;
import dev.signpost.client.Source;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The Java client and the packaged server together, as an application runs them: the client calls three real
 * HTTP instances on a steady beat while one of them starts failing (the client stops sending to it within its
 * breaker's threshold, its reports open the server's breaker so DNS stops answering it, and it returns once it
 * recovers), and while the server is stopped and started again (the client keeps calling its last good list,
 * a client started meanwhile uses the cache file, and both pick up a deregistration once the server is back).
 * Every wait is bounded.
 */
class ClientIT {

  private static final String SERVICE = "shop";
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(50);
  /** The failures in a row that open a breaker, the client's ({@code BreakerSettings.DEFAULTS}) and the server's. */
  private static final int CONSECUTIVE_FAILURES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  private SignpostProcess server;
  private Backend a;
  private Backend b;
  private Backend c;

  @BeforeEach
  void start() throws Exception {
    server = SignpostProcess.start(dir.resolve("data"));
    a = new Backend("a");
    b = new Backend("b");
    c = new Backend("c");
    for (Backend backend : List.of(a, b, c)) {
      register(server.api, "{\"ID\": \"" + backend.id + "\", \"Name\": \"" + SERVICE + "\", \"Address\": \"127.0.0.1\","
          + " \"Port\": " + backend.port() + "}");
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Backend backend : List.of(a, b, c)) {
      if (backend != null) {
        backend.close();
      }
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFailingInstanceIsLeftWithinTheBreakerThresholdLeavesDnsOnTheClientsReportsAndReturnsOnceItRecovers()
      throws Exception {
    // Passive health for this service, out for 4 s: long enough to look at, short enough to wait for.
    HttpResponse<String> policy = http(server.api, "PUT", "/v1/signpost/policy/" + SERVICE,
        "{\"Strategy\": \"round-robin\", \"Passive\": {\"EjectionTime\": \"4s\", \"MaxEjectionTime\": \"8s\"}}");
    assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
    try (SignpostClient client = client(ClientMetrics.NONE, dir.resolve("shop.json"));
        Traffic traffic = new Traffic(client)) {
      awaitServedByAll(traffic);
      await().atMost(BOUND).untilAsserted(() -> assertThat(List.of(passive(a), passive(b), passive(c)))
          .containsOnly("passing"));

      b.failing(true);
      await().atMost(BOUND).pollInterval(POLL).untilAsserted(() -> {
        assertThat(passive(b)).as("b's passive check").isEqualTo("critical");
        assertThat(srvPorts()).as("SRV ports of " + SERVICE + ".service.local").containsExactlyInAnyOrder(
            a.port(), c.port());
      });
      await().atMost(BOUND).pollInterval(POLL).untilAsserted(() -> assertThat(ids(client))
          .containsExactly("shop-a", "shop-c"));
      traffic.awaitMore(20);
      // Exactly the threshold: the client's own breaker opens at b's fifth failure in a row and no call goes to
      // b after it (a call that got b's 503 is tried again on a or c, never on b twice); and the server's
      // breaker opened only on five failures in a row, which this client, b's only caller, must have reported.
      // The last 20 calls came after the client's list lost b, so none of them reached it either.
      assertThat(b.refused()).as("calls b answered with 503").isEqualTo(CONSECUTIVE_FAILURES);
      assertThat(traffic.failures()).as("calls that failed despite the retries on a and c").isEmpty();

      b.failing(false);
      int servedBefore = b.served();
      // b's breaker half-opens on the server after 4 s (its check warning, b back in DNS, last); then only calls
      // can close it, and this client is b's only caller: it must send b trial calls although b is not passing
      // (issue 20: a client that watches only passing instances never does, and b stays half-open for good).
      await().atMost(BOUND).pollInterval(POLL).untilAsserted(() -> {
        assertThat(passive(b)).as("b's passive check (half-open is warning; trial calls close it)")
            .isEqualTo("passing");
        assertThat(srvPorts()).as("SRV ports").containsExactlyInAnyOrder(a.port(), b.port(), c.port());
        assertThat(ids(client)).as("the client's instances").containsExactly("shop-a", "shop-b", "shop-c");
        assertThat(b.served()).as("calls b answered since it recovered").isGreaterThan(servedBefore);
      });
      assertThat(b.refused()).as("calls b answered with 503").isEqualTo(CONSECUTIVE_FAILURES);
      assertThat(traffic.failures()).isEmpty();
    }
  }

  @Test
  void theClientKeepsCallingItsLastGoodListWhileTheServerIsStoppedAndPicksUpADeregistrationWhenItReturns()
      throws Exception {
    AtomicInteger watchFailures = new AtomicInteger();
    ClientMetrics metrics = new ClientMetrics() {
      @Override
      public void watchFailed(String service) {
        watchFailures.incrementAndGet();
      }
    };
    Path cache = dir.resolve("shop.json");
    try (SignpostClient client = client(metrics, cache); Traffic traffic = new Traffic(client)) {
      awaitServedByAll(traffic);
      await().atMost(BOUND).until(() -> Files.exists(cache));
      Path copy = Files.copy(cache, dir.resolve("shop-copy.json"));
      InetSocketAddress dns = server.dns;
      InetSocketAddress api = server.api;

      server.kill();
      int[] before = {a.served(), b.served(), c.served()};
      // Three failed watch requests (backoff 0.1 s doubling): the client has been without its server a while.
      await().atMost(BOUND).until(() -> watchFailures.get() >= 3);
      traffic.awaitMore(30);
      assertThat(traffic.failures()).as("calls while the server is down").isEmpty();
      // Round robin over the last good list: each instance answered calls made while the server was down.
      assertThat(a.served()).isGreaterThan(before[0]);
      assertThat(b.served()).isGreaterThan(before[1]);
      assertThat(c.served()).isGreaterThan(before[2]);
      assertThat(client.source()).isEqualTo(Source.SERVER);
      assertThat(ids(client)).containsExactly("shop-a", "shop-b", "shop-c");

      // A client started while the server is down has the list the first one wrote.
      try (SignpostClient late = client(ClientMetrics.NONE, copy)) {
        assertThat(late.source()).isEqualTo(Source.CACHE);
        assertThat(ids(late)).containsExactly("shop-a", "shop-b", "shop-c");
        assertThat(call(late).statusCode()).isEqualTo(200);

        // The same data dir and ports: the clients know the server by its URL.
        server = SignpostProcess.start(dir.resolve("data"), "--dns-port", Integer.toString(dns.getPort()),
            "--http-port", Integer.toString(api.getPort()));
        assertThat(server.api).isEqualTo(api);
        HttpResponse<String> gone = http(api, "PUT", "/v1/agent/service/deregister/shop-c", null);
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);

        await().atMost(BOUND).pollInterval(POLL).untilAsserted(() -> {
          assertThat(ids(client)).containsExactly("shop-a", "shop-b");
          assertThat(ids(late)).containsExactly("shop-a", "shop-b");
        });
        assertThat(client.source()).isEqualTo(Source.SERVER);
        assertThat(late.source()).isEqualTo(Source.SERVER);
        int cServed = c.served();
        traffic.awaitMore(30);
        for (int k = 0; k < 10; k++) {
          assertThat(call(late).statusCode()).isEqualTo(200);
        }
        assertThat(c.served()).as("calls that reached c after the clients' lists lost it").isEqualTo(cServed);
        assertThat(traffic.failures()).isEmpty();
      }
    }
  }

  private SignpostClient client(ClientMetrics metrics, Path cacheFile) {
    // A short watch backoff, so the client finds the restarted server within a second of it listening.
    return SignpostClient.builder(SERVICE).server("http://" + TestClients.hostPort(server.api))
        .watchBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).callTimeout(Duration.ofSeconds(2))
        .cacheFile(cacheFile).metrics(metrics).build();
  }

  /** One call through {@code client}: a GET of the instance it picks; an HTTP response whatever its status. */
  private static HttpResponse<String> call(SignpostClient client) {
    return client.call(instance -> HTTP.send(HttpRequest.newBuilder(instance.uri("/")).timeout(Duration.ofSeconds(2))
        .build(), HttpResponse.BodyHandlers.ofString()));
  }

  private void awaitServedByAll(Traffic traffic) {
    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(List.of(a.served(), b.served(), c.served())).allSatisfy(n -> assertThat(n).isPositive());
      assertThat(traffic.failures()).isEmpty();
    });
  }

  private static List<String> ids(SignpostClient client) {
    return client.instances().stream().map(ServiceInstance::id).sorted().toList();
  }

  /** The status of the instance's passive check in {@code /v1/health/service/shop}; "none" without one. */
  private String passive(Backend backend) throws Exception {
    HttpResponse<String> r = http(server.api, "GET", "/v1/health/service/" + SERVICE, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode entry : JSON.readTree(r.body())) {
      for (JsonNode check : entry.path("Checks")) {
        if (check.path("CheckID").asText().equals("_signpost_passive:" + backend.id)) {
          return check.path("Status").asText();
        }
      }
    }
    return "none";
  }

  /** The ports in the SRV answer for {@code shop.service.local}: every instance shares 127.0.0.1. */
  private Set<Integer> srvPorts() throws Exception {
    Message m = TestClients.query(server.dns, false, SERVICE + ".service.local.", Type.SRV);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    Set<Integer> ports = new TreeSet<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      ports.add(((SRVRecord) r).getPort());
    }
    return ports;
  }

  /** An instance on 127.0.0.1 answering its name, or 503 while failing, counting both. */
  private static final class Backend implements AutoCloseable {

    final String id;
    private final HttpServer http;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean failing;

    Backend(String name) throws IOException {
      this.id = SERVICE + "-" + name;
      http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
      http.createContext("/", exchange -> {
        boolean fail = failing;
        (fail ? refused : served).incrementAndGet();
        byte[] body = (fail ? id + " is failing" : id).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      http.start();
    }

    int port() {
      return http.getAddress().getPort();
    }

    void failing(boolean on) {
      failing = on;
    }

    int served() {
      return served.get();
    }

    int refused() {
      return refused.get();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  /**
   * An application's steady calls through the client, one at a time every 10 ms on one thread, until closed:
   * how many ended and the calls that did not end in a 200.
   */
  private static final class Traffic implements AutoCloseable {

    private final SignpostClient client;
    private final Thread thread;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    Traffic(SignpostClient client) {
      this.client = client;
      thread = new Thread(this::run, "client-it-traffic");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      while (!closed) {
        String failure = null;
        try {
          HttpResponse<String> r = call(client);
          if (r.statusCode() != 200) {
            failure = r.statusCode() + " " + r.body();
          }
        } catch (RuntimeException e) {
          failure = e.toString();
        }
        if (failure != null && !closed && failures.size() < 10) {
          failures.add(failure);
        }
        calls.incrementAndGet();
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Waits until {@code n} more calls have ended. */
    void awaitMore(int n) {
      int target = calls.get() + n;
      await().atMost(BOUND).until(() -> calls.get() >= target);
    }

    /** The first ten calls that did not end in a 200. */
    List<String> failures() {
      return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
      closed = true;
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(10));
    }
  }
}
