package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Health checks end to end: real endpoints the test breaks and mends, a registration over HTTP, and the
 * answers over real DNS. Every wait is bounded; none is a sleep.
 */
class HealthEndToEndTest {

  private static final Duration BOUND = Duration.ofSeconds(15);

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;
  static InetSocketAddress api;
  static HttpServer endpoint;
  static volatile int healthCode = 200;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir);
    dns = server.dnsAddress();
    api = server.httpAddress();
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/health", exchange -> {
      byte[] body = ("health says " + healthCode).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(healthCode, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    endpoint.start();
  }

  @AfterAll
  static void stop() {
    endpoint.stop(0);
    server.close();
  }

  static List<String> addresses(InetSocketAddress server, String name) throws Exception {
    Message m = query(server, false, name, Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().collect(Collectors.toList());
  }

  static String body(String path) throws Exception {
    HttpResponse<String> r = http(api, "GET", path, null);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static void put(InetSocketAddress server, String path) throws Exception {
    HttpResponse<String> r = http(server, "PUT", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void anHttpCheckedInstanceLeavesAfterItsFailuresAndComesBackWhenItRecovers() throws Exception {
    String url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/health";
    register(api, """
        {"ID": "api-1", "Name": "api", "Address": "10.1.0.1", "Port": 80,
         "Check": {"HTTP": "%s", "Interval": "200ms", "FailuresBeforeCritical": 2}}""".formatted(url));
    await().atMost(BOUND).until(() -> addresses(dns, "api.service.local.").equals(List.of("10.1.0.1")));

    healthCode = 500;
    await().atMost(BOUND).until(() -> addresses(dns, "api.service.local.").isEmpty());
    Message noData = query(dns, false, "api.service.local.", Type.A);
    SOARecord soa = (SOARecord) noData.getSection(Section.AUTHORITY).get(0);
    assertThat(soa.getTTL()).isEqualTo(1);
    assertThat(soa.getMinimum()).isEqualTo(1);
    assertThat(body("/v1/health/service/api")).contains("\"Status\":\"critical\"")
        .contains("HTTP GET " + url + ": 500 Internal Server Error Output: health says 500");

    healthCode = 200;
    await().atMost(BOUND).until(() -> addresses(dns, "api.service.local.").equals(List.of("10.1.0.1")));
    assertThat(body("/v1/health/service/api?passing")).contains("\"ID\":\"api-1\"");
  }

  @Test
  void aTcpCheckedInstanceFollowsItsListener() throws Exception {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int port = listener.getLocalPort();
    register(api, """
        {"ID": "db-1", "Name": "db", "Address": "10.2.0.1", "Port": 5432,
         "Check": {"TCP": "127.0.0.1:%d", "Interval": "200ms", "Timeout": "1s"}}""".formatted(port));
    await().atMost(BOUND).until(() -> addresses(dns, "db.service.local.").equals(List.of("10.2.0.1")));

    listener.close();
    await().atMost(BOUND).until(() -> addresses(dns, "db.service.local.").isEmpty());

    try (ServerSocket reopened = new ServerSocket()) {
      reopened.setReuseAddress(true);
      reopened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      await().atMost(BOUND).until(() -> addresses(dns, "db.service.local.").equals(List.of("10.2.0.1")));
    }
  }

  @Test
  void aTtlCheckedInstanceDropsOutWhenHeartbeatsStopAndIsDeregisteredLater() throws Exception {
    register(api, """
        {"ID": "worker-1", "Name": "worker", "Address": "10.3.0.1", "Port": 9000,
         "Check": {"CheckID": "worker-1-beat", "TTL": "1s", "DeregisterCriticalServiceAfter": "3s"}}""");
    assertThat(addresses(dns, "worker.service.local.")).as("critical until the first heartbeat").isEmpty();

    put(api, "/v1/agent/check/pass/worker-1-beat?note=busy%20but%20fine");
    assertThat(addresses(dns, "worker.service.local.")).containsExactly("10.3.0.1");
    assertThat(body("/v1/health/checks/worker")).contains("\"Output\":\"busy but fine\"");

    // No more heartbeats: critical after the TTL, then deregistered.
    await().atMost(BOUND).until(() -> addresses(dns, "worker.service.local.").isEmpty());
    assertThat(body("/v1/health/checks/worker")).contains("TTL expired");
    await().atMost(BOUND).until(
        () -> query(dns, false, "worker.service.local.", Type.A).getRcode() == Rcode.NXDOMAIN);
    assertThat(http(api, "GET", "/v1/agent/service/worker-1", null).statusCode()).isEqualTo(404);
  }

  @Test
  void maintenanceTakesAnInstanceOutOfDnsUntilItIsLifted() throws Exception {
    register(api, """
        {"ID": "cache-1", "Name": "cache", "Address": "10.4.0.1", "Port": 6379}""");
    assertThat(addresses(dns, "cache.service.local.")).containsExactly("10.4.0.1");
    put(api, "/v1/agent/service/maintenance/cache-1?enable=true&reason=resize");
    assertThat(addresses(dns, "cache.service.local.")).isEmpty();
    assertThat(body("/v1/health/service/cache")).contains("_service_maintenance:cache-1").contains("resize");
    put(api, "/v1/agent/service/maintenance/cache-1?enable=false");
    assertThat(addresses(dns, "cache.service.local.")).containsExactly("10.4.0.1");
  }

  @Test
  void failOpenServesTheLastHealthySetBrieflyWhenEveryInstanceFails(@TempDir Path otherDir) throws Exception {
    try (SignpostServer failOpen = TestClients.startServer(otherDir, "--dns-fail-open")) {
      InetSocketAddress foApi = failOpen.httpAddress();
      InetSocketAddress foDns = failOpen.dnsAddress();
      for (int i = 1; i <= 2; i++) {
        register(foApi, """
            {"ID": "pay-%d", "Name": "pay", "Address": "10.5.0.%d", "Port": 443,
             "Check": {"CheckID": "pay-%d", "TTL": "1m"}}""".formatted(i, i, i));
        put(foApi, "/v1/agent/check/pass/pay-" + i);
      }
      put(foApi, "/v1/agent/check/fail/pay-1");
      put(foApi, "/v1/agent/check/fail/pay-2");

      Message m = query(foDns, false, "pay.service.local.", Type.A);
      assertThat(m.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.5.0.2");
      assertThat(m.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(1));
      HttpResponse<String> health = http(foApi, "GET", "/v1/health/service/pay", null);
      assertThat(health.headers().firstValue("X-Signpost-Fail-Open")).contains("true");

      put(foApi, "/v1/agent/check/pass/pay-1");
      m = query(foDns, false, "pay.service.local.", Type.A);
      assertThat(m.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.5.0.1");
      assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(5);
    }
  }
}
