package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's walkthrough, run with the real {@code dig} against the packaged jar (skipped without dig). */
class DigWalkthroughIT {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir
  Path dataDir;

  @BeforeAll
  static void needsDig() {
    assumeTrue(onPath("dig"), "dig is not installed (apt-get install bind9-dnsutils)");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Path.of(dir, tool).toFile().canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static String dig(SignpostProcess server, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("dig", "@" + server.dns.getAddress().getHostAddress(),
        "-p", String.valueOf(server.dns.getPort()), "+time=5", "+tries=1"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void theReadmeWalkthroughWorksWithDig() throws Exception {
    try (SignpostProcess server = SignpostProcess.start(dataDir)) {
      TestClients.register(server.api, """
          {"ID": "user-1", "Name": "user-service", "Address": "10.0.0.11", "Port": 8080, "Tags": ["v1"]}""");
      TestClients.register(server.api, """
          {"ID": "user-2", "Name": "user-service", "Address": "10.0.0.12", "Port": 8081, "Tags": ["v2"]}""");

      String srv = dig(server, "SRV", "_user-service._tcp.service.local");
      assertThat(srv).contains("status: NOERROR").contains("flags: qr aa")
          .contains("1 1 8080 0a00000b-8080.addr.service.local.")
          .contains("1 1 8081 0a00000c-8081.addr.service.local.")
          .containsPattern("0a00000b-8080\\.addr\\.service\\.local\\.\\s+5\\s+IN\\s+A\\s+10\\.0\\.0\\.11");

      assertThat(dig(server, "+short", "A", "user-service.service.local").lines().sorted().toList())
          .containsExactly("10.0.0.11", "10.0.0.12");
      assertThat(dig(server, "+short", "A", "v2.user-service.service.local").strip()).isEqualTo("10.0.0.12");
      assertThat(dig(server, "+short", "SRV", "_user-service._v1.service.local").strip())
          .isEqualTo("1 1 8080 0a00000b-8080.addr.service.local.");

      String unknown = dig(server, "A", "nothing-here.service.local");
      assertThat(unknown).contains("status: NXDOMAIN").containsPattern("(?s)AUTHORITY SECTION:.*SOA");

      String tcp = dig(server, "+tcp", "+short", "A", "user-service.service.local");
      assertThat(tcp.lines().count()).isEqualTo(2);

      // The same names come back after a crash and a restart.
      server.kill();
    }
    try (SignpostProcess again = SignpostProcess.start(dataDir)) {
      assertThat(dig(again, "+short", "A", "user-service.service.local").lines().count()).isEqualTo(2);
    }
  }

  /**
   * The health-check acceptance, as a new user would try it: an HTTP check with {@code Interval: 1s} and
   * {@code FailuresBeforeCritical: 2}; the endpoint breaks, the instance leaves dig's answer while the
   * health API shows it critical with the failure; the endpoint mends and it is back. A TTL-checked
   * instance whose heartbeats stop drops out, then is deregistered.
   */
  @Test
  void aFailingHealthCheckTakesTheInstanceOutOfDigAndARecoveryBringsItBack() throws Exception {
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger code = new AtomicInteger(200);
    endpoint.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(code.get(), -1);
      exchange.close();
    });
    endpoint.start();
    try (SignpostProcess server = SignpostProcess.start(dataDir)) {
      String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/health";
      TestClients.register(server.api, """
          {"ID": "web-1", "Name": "web", "Address": "10.0.0.21", "Port": 80,
           "Check": {"HTTP": "%s", "Interval": "1s", "FailuresBeforeCritical": 2}}""".formatted(url));
      TestClients.register(server.api, """
          {"ID": "worker-1", "Name": "worker", "Address": "10.0.0.31", "Port": 90,
           "Check": {"CheckID": "worker-1-alive", "TTL": "2s", "DeregisterCriticalServiceAfter": "4s"}}""");
      await().atMost(BOUND).until(() -> dig(server, "+short", "A", "web.service.local").strip().equals("10.0.0.21"));

      code.set(503);
      await().atMost(BOUND).until(() -> dig(server, "+short", "A", "web.service.local").isBlank());
      assertThat(dig(server, "A", "web.service.local")).contains("status: NOERROR")
          .containsPattern("service\\.local\\.\\s+1\\s+IN\\s+SOA");
      String health = TestClients.http(server.api, "GET", "/v1/health/service/web", null).body();
      assertThat(health).contains("\"Status\":\"critical\"").contains("503 Service Unavailable");

      code.set(200);
      await().atMost(BOUND).until(() -> dig(server, "+short", "A", "web.service.local").strip().equals("10.0.0.21"));

      assertThat(TestClients.http(server.api, "PUT", "/v1/agent/check/pass/worker-1-alive", null).statusCode())
          .isEqualTo(200);
      assertThat(dig(server, "+short", "A", "worker.service.local").strip()).isEqualTo("10.0.0.31");
      await().atMost(BOUND).until(() -> dig(server, "+short", "A", "worker.service.local").isBlank());
      await().atMost(BOUND).until(() -> dig(server, "A", "worker.service.local").contains("status: NXDOMAIN"));
    } finally {
      endpoint.stop(0);
    }
  }

  /** README's "Coming from Consul", with dig: Consul's datacenter and node forms under {@code consul.}. */
  @Test
  void consulsNamesAnswerWithDigUnderDomainServiceConsul() throws Exception {
    try (SignpostProcess server = SignpostProcess.start(dataDir, "--domain", "service.consul", "--datacenter", "dc1",
        "--node-name", "signpost-1")) {
      TestClients.register(server.api, """
          {"Name": "web", "Address": "10.0.0.1", "Port": 8080}""");
      assertThat(dig(server, "+short", "web.service.consul").strip()).isEqualTo("10.0.0.1");
      String dc = dig(server, "web.service.dc1.consul");
      assertThat(dc).contains("status: NOERROR").contains("flags: qr aa")
          .containsPattern("web\\.service\\.dc1\\.consul\\.\\s+5\\s+IN\\s+A\\s+10\\.0\\.0\\.1");
      assertThat(dig(server, "+short", "SRV", "_web._tcp.service.dc1.consul").strip())
          .isEqualTo("1 1 8080 0a000001-8080.addr.service.consul.");
      assertThat(dig(server, "+short", "signpost-1.node.consul").strip()).isEqualTo("127.0.0.1");
      assertThat(dig(server, "+short", "signpost-1.node.dc1.consul").strip()).isEqualTo("127.0.0.1");
      assertThat(dig(server, "web.service.dc2.consul")).contains("status: NXDOMAIN")
          .containsPattern("(?s)AUTHORITY SECTION:\\s+consul\\.\\s+5\\s+IN\\s+SOA");
      assertThat(dig(server, "+short", "SOA", "consul")).startsWith("7f000001.addr.service.consul. hostmaster.consul. ");
    }
  }

  /**
   * The load-balancing acceptance with dig: four queries under round-robin each start with a different
   * instance; once the service is zone-aware, a query carrying the client's subnet lists its zone first.
   */
  @Test
  void roundRobinRotatesAndZoneAwareFollowsTheClientSubnet() throws Exception {
    try (SignpostProcess server = SignpostProcess.start(dataDir, "--client-zone", "10.9.0.0/16=a")) {
      for (int i = 1; i <= 4; i++) {
        TestClients.register(server.api, """
            {"ID": "shop-%d", "Name": "shop", "Address": "10.0.2.%d", "Port": 80, "Meta": {"zone": "%s"}}"""
            .formatted(i, i, i <= 2 ? "b" : "a"));
      }
      java.util.Set<String> firsts = new java.util.HashSet<>();
      for (int q = 0; q < 4; q++) {
        firsts.add(dig(server, "+short", "A", "shop.service.local").lines().findFirst().orElseThrow());
      }
      assertThat(firsts).containsExactlyInAnyOrder("10.0.2.1", "10.0.2.2", "10.0.2.3", "10.0.2.4");

      assertThat(TestClients.http(server.api, "PUT", "/v1/signpost/policy/shop", "{\"Strategy\": \"zone-aware\"}")
          .statusCode()).isEqualTo(200);
      for (int q = 0; q < 4; q++) {
        List<String> answer = dig(server, "+short", "+subnet=10.9.1.0/24", "A", "shop.service.local").lines().toList();
        assertThat(answer.subList(0, 2)).containsExactlyInAnyOrder("10.0.2.3", "10.0.2.4");
      }
      String srv = dig(server, "+subnet=10.9.1.0/24", "SRV", "_shop._tcp.service.local");
      assertThat(srv).contains("CLIENT-SUBNET: 10.9.1.0/24/24")
          .containsPattern("SRV\\s+1\\s+1\\s+80\\s+0a000203").containsPattern("SRV\\s+2\\s+1\\s+80\\s+0a000201");
    }
  }
}
