package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.signpost.cluster.testing.EtcdCluster;
import dev.signpost.cluster.testing.EtcdSupport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Three packaged Signpost nodes sharing one registry through a real three-member etcd, as README's Cluster
 * section runs them.
 */
class ClusterIT {

  @TempDir
  Path dir;
  private EtcdCluster etcd;
  private final List<SignpostProcess> nodes = new ArrayList<>();

  @BeforeEach
  void startEtcd() {
    EtcdSupport.requireEtcd();
    etcd = EtcdCluster.start(dir.resolve("etcd"), 3);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (SignpostProcess node : nodes) {
      node.close();
    }
    etcd.close();
  }

  @Test
  void threeNodesAnswerTheSameNamesWhereverTheyWereWritten() throws Exception {
    SignpostProcess a = node("a");
    SignpostProcess b = node("b");
    SignpostProcess c = node("c");

    TestClients.register(a.api, "{\"ID\":\"web-1\",\"Name\":\"web\",\"Address\":\"10.1.0.1\",\"Port\":80}");
    for (SignpostProcess other : List.of(b, c)) {
      await().atMost(5, TimeUnit.SECONDS).until(() -> addresses(other, "web.service.local.").contains("10.1.0.1"));
    }
    assertThat(TestClients.http(c.api, "PUT", "/v1/agent/service/deregister/web-1", null).statusCode()).isEqualTo(200);
    await().atMost(5, TimeUnit.SECONDS).until(() -> rcode(a, "web.service.local.") == Rcode.NXDOMAIN);
    assertThat(TestClients.http(b.api, "PUT", "/v1/signpost/policy/api", "{\"Strategy\":\"random\"}").statusCode())
        .isEqualTo(200);
    await().atMost(5, TimeUnit.SECONDS)
        .until(() -> TestClients.http(a.api, "GET", "/v1/signpost/policy/api", null).body().contains("random"));

    await().atMost(5, TimeUnit.SECONDS).until(() -> serial(a) == serial(b) && serial(b) == serial(c));
    HttpResponse<String> catalog = TestClients.http(b.api, "GET", "/v1/catalog/services", null);
    assertThat(Long.parseLong(catalog.headers().firstValue("X-Consul-Index").orElseThrow())).isEqualTo(serial(b));
    String members = TestClients.http(c.api, "GET", "/v1/agent/members", null).body();
    assertThat(members).contains("\"Name\":\"a\"", "\"Name\":\"b\"", "\"Name\":\"c\"");
    assertThat(c.startLine).contains("; store: etcd http://").contains(" under /signpost/ (local copy in ")
        // c itself is alive once its announcement, made as it starts, is back from etcd.
        .containsPattern("; node c in datacenter dc1, cluster members seen: 3 \\([23] alive\\)");
    String metrics = TestClients.http(a.api, "GET", "/metrics", null).body();
    assertThat(metrics).contains("signpost_store_healthy{store=\"etcd\"} 1.0")
        .containsPattern("signpost_etcd_commit_seconds_count [1-9]")
        .containsPattern("signpost_etcd_batch_size_sum [1-9]")
        .doesNotContain("signpost_journal_commit_seconds_count");
    // Every node answers every live node's name (the domain's parent, local., is ours), at its API's address.
    for (String name : List.of("a.node.local.", "b.node.local.", "c.node.dc1.local.")) {
      await().atMost(5, TimeUnit.SECONDS).until(() -> addresses(a, name).equals(List.of("127.0.0.1")));
    }
  }

  @Test
  void killingOneEtcdMemberLosesNoWriteAndNoAnswer() throws Exception {
    SignpostProcess a = node("a");
    SignpostProcess b = node("b");
    TestClients.register(a.api, "{\"ID\":\"before\",\"Name\":\"web\",\"Address\":\"10.1.0.1\",\"Port\":80}");

    etcd.killMember(etcd.leaderIndex());

    for (int i = 0; i < 10; i++) {
      SignpostProcess writer = i % 2 == 0 ? a : b;
      TestClients.register(writer.api,
          "{\"ID\":\"after-" + i + "\",\"Name\":\"web\",\"Address\":\"10.1.1." + (i + 1) + "\",\"Port\":80}");
    }
    for (SignpostProcess node : List.of(a, b)) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> addresses(node, "web.service.local.").size() == 11);
    }
  }

  @Test
  void withEtcdGoneDnsKeepsAnsweringWritesFailClearlyAndTheNodesAgreeOnceItIsBack() throws Exception {
    SignpostProcess a = node("a");
    SignpostProcess b = node("b");
    TestClients.register(a.api, "{\"ID\":\"web-1\",\"Name\":\"web\",\"Address\":\"10.1.0.1\",\"Port\":80}");
    await().atMost(5, TimeUnit.SECONDS).until(() -> addresses(b, "web.service.local.").contains("10.1.0.1"));

    etcd.stopAll();

    // Until its probes find etcd gone (three in a row, a few seconds), a node tries each write, which fails
    // within --etcd-timeout saying it may or may not have been made; then it refuses at once, saying why.
    for (SignpostProcess node : List.of(a, b)) {
      await().atMost(30, TimeUnit.SECONDS).ignoreExceptions()
          .until(() -> register(node, "web-2").body().contains("etcd is unreachable"));
    }
    HttpResponse<String> refused = register(a, "web-2");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).contains("etcd is unreachable", "nothing was changed");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(addresses(a, "web.service.local.")).containsExactly("10.1.0.1");
    assertThat(addresses(b, "web.service.local.")).containsExactly("10.1.0.1");
    assertThat(TestClients.http(b.api, "GET", "/v1/agent/self", null).body()).contains("etcd is unreachable");

    etcd.startAll();

    await().atMost(30, TimeUnit.SECONDS).until(() -> register(b, "web-2").statusCode() == 200);
    await().atMost(10, TimeUnit.SECONDS).until(() -> addresses(a, "web.service.local.").size() == 2
        && serial(a) == serial(b));
  }

  @Test
  void theChecksOfAKilledNodeMoveToTheOthersAndStillTakeFailingInstancesOutOfDns() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/", exchange -> {
      hits.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
      exchange.sendResponseHeaders(healthy.get() ? 200 : 500, -1);
      exchange.close();
    });
    endpoint.start();
    try {
      SignpostProcess a = node("a");
      SignpostProcess b = node("b");
      SignpostProcess c = node("c");
      await().atMost(10, TimeUnit.SECONDS)
          .until(() -> TestClients.http(a.api, "GET", "/v1/catalog/nodes", null).body().split("\"Node\"").length == 4);
      int instances = 12;
      String url = "http://127.0.0.1:" + endpoint.getAddress().getPort();
      for (int i = 0; i < instances; i++) {
        TestClients.register(a.api, "{\"ID\":\"web-" + i + "\",\"Name\":\"web\",\"Address\":\"10.2.0." + (i + 1)
            + "\",\"Port\":80,\"Check\":{\"HTTP\":\"" + url + "/web-" + i + "\",\"Interval\":\"1s\"}}");
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> hits.size() == instances);

      // Shared, not repeated: over 4 s each check runs about 4 times, not 12.
      hits.clear();
      Thread.sleep(4000);
      assertThat(hits.values()).allSatisfy(n -> assertThat(n.get()).isBetween(2, 7));

      a.kill();
      healthy.set(false);

      // Lease TTL (3 s) + a second to notice + an interval: every instance, a's included, leaves DNS.
      for (SignpostProcess node : List.of(b, c)) {
        await().atMost(20, TimeUnit.SECONDS).until(() -> addresses(node, "web.service.local.").isEmpty());
      }
      String health = TestClients.http(c.api, "GET", "/v1/health/service/web?passing", null).body();
      assertThat(health).isEqualTo("[]");
      assertThat(TestClients.http(b.api, "GET", "/v1/agent/members", null).body()).contains("\"Status\":4");
      // A failed node's name leaves DNS with it.
      await().atMost(5, TimeUnit.SECONDS).until(() -> rcode(b, "a.node.local.") == Rcode.NXDOMAIN);
      assertThat(addresses(b, "c.node.local.")).containsExactly("127.0.0.1");
    } finally {
      endpoint.stop(0);
    }
  }

  @Test
  void ttlHeartbeatsSentToANodeThatDoesNotRunTheCheckKeepItPassing() throws Exception {
    SignpostProcess a = node("a");
    SignpostProcess b = node("b");
    node("c");
    await().atMost(10, TimeUnit.SECONDS)
        .until(() -> TestClients.http(a.api, "GET", "/v1/catalog/nodes", null).body().split("\"Node\"").length == 4);
    int instances = 6; // each runs on one of three nodes: most of them not on b
    for (int i = 0; i < instances; i++) {
      TestClients.register(a.api, "{\"ID\":\"worker-" + i + "\",\"Name\":\"worker\",\"Address\":\"10.3.0." + (i + 1)
          + "\",\"Port\":80,\"Check\":{\"CheckID\":\"ttl-" + i + "\",\"TTL\":\"3s\"}}");
    }
    // Every heartbeat goes to b, and says the same each time: only the relay tells the owner.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
    while (System.nanoTime() < end) {
      for (int i = 0; i < instances; i++) {
        assertThat(TestClients.http(b.api, "PUT", "/v1/agent/check/pass/ttl-" + i, null).statusCode()).isEqualTo(200);
      }
      Thread.sleep(1000);
    }

    assertThat(addresses(a, "worker.service.local.")).hasSize(instances);
    assertThat(TestClients.http(a.api, "GET", "/v1/health/state/critical", null).body()).isEqualTo("[]");
  }

  @Test
  void aNodeStartedWhileEtcdIsDownStoresItsInitialManagementTokenOnceEtcdIsBackAndNodesShareOne() throws Exception {
    String secret = "3f6f0c47-9a3e-4f47-b9d4-2b0d1a5c8e11";
    String[] acl = {"--acl-enabled", "--acl-initial-management-token", secret};
    etcd.stopAll();

    SignpostProcess a = node("a", acl); // starts, and serves what it has

    etcd.startAll();
    SignpostProcess b = node("b", acl);
    for (SignpostProcess node : List.of(a, b)) {
      await().atMost(40, TimeUnit.SECONDS).ignoreExceptions().until(() ->
          TestClients.http(node.api, "GET", "/v1/acl/token/self?token=" + secret, null).statusCode() == 200);
    }
    String tokens = TestClients.http(b.api, "GET", "/v1/acl/tokens?token=" + secret, null).body();
    assertThat(tokens.split("Initial Management Token", -1)).hasSize(2);
    assertThat(TestClients.http(a.api, "GET", "/v1/acl/token/self", null).statusCode()).isEqualTo(403);
  }

  @Test
  void killingNodesOneAfterAnotherUnderConcurrentWritesLosesNoAcknowledgedRegistration() throws Exception {
    List<SignpostProcess> live = new CopyOnWriteArrayList<>(List.of(node("a"), node("b"), node("c")));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger ids = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    for (int w = 0; w < 4; w++) {
      writers.submit(() -> {
        while (writing.get()) {
          int n = ids.incrementAndGet();
          SignpostProcess target = live.get(n % live.size());
          try {
            if (register(target, "w-" + n).statusCode() == 200) {
              acknowledged.add("w-" + n);
            }
          } catch (Exception e) {
            // A node killed mid-request: not acknowledged, so not counted.
          }
        }
        return null;
      });
    }
    try {
      for (int round = 0; round < 3; round++) {
        Thread.sleep(1500);
        String name = String.valueOf((char) ('a' + round));
        SignpostProcess victim = live.stream().filter(p -> name.equals(p.name)).findFirst().orElseThrow();
        live.remove(victim);
        victim.kill();
        live.add(node(name));
      }
      Thread.sleep(1000);
    } finally {
      writing.set(false);
      writers.shutdown();
      assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).hasSizeGreaterThan(20);
    for (SignpostProcess node : live) {
      await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
        String services = TestClients.http(node.api, "GET", "/v1/agent/services", null).body();
        assertThat(acknowledged).allSatisfy(id -> assertThat(services).contains("\"" + id + "\""));
      });
    }
  }

  private SignpostProcess node(String name, String... more) throws Exception {
    List<String> flags = new ArrayList<>(List.of(more));
    for (String url : etcd.clientUrls()) {
      flags.addAll(List.of("--etcd", url));
    }
    flags.addAll(List.of("--node-name", name, "--etcd-lease-ttl", "3s", "--check-allow", "127.0.0.0/8"));
    SignpostProcess node = SignpostProcess.start(dir.resolve("node-" + name), flags.toArray(String[]::new));
    node.name = name;
    nodes.add(node);
    return node;
  }

  private static HttpResponse<String> register(SignpostProcess node, String id) throws Exception {
    return TestClients.http(node.api, "PUT", "/v1/agent/service/register",
        "{\"ID\":\"" + id + "\",\"Name\":\"web\",\"Address\":\"10.9.0.1\",\"Port\":80}");
  }

  private static List<String> addresses(SignpostProcess node, String name) throws Exception {
    Message m = TestClients.query(node.dns, false, name, Type.A);
    List<String> found = new ArrayList<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      found.add(r.rdataToString());
    }
    return found;
  }

  private static int rcode(SignpostProcess node, String name) throws Exception {
    return TestClients.query(node.dns, false, name, Type.A).getRcode();
  }

  private static long serial(SignpostProcess node) throws Exception {
    Message m = TestClients.query(node.dns, false, "service.local.", Type.SOA);
    return ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial();
  }

}
