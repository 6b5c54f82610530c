package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The meters an operator watches the API, the journal and the health checks by, read from a real server's
 * {@code /metrics} after real requests, commits and probes.
 */
class MetricsEndToEndTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress api;
  static HttpServer endpoint;

  @BeforeAll
  static void start() throws Exception {
    endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    endpoint.start();
    server = TestClients.startServer(dataDir);
    api = server.httpAddress();
  }

  @AfterAll
  static void stop() {
    server.close();
    endpoint.stop(0);
  }

  private static String scrape() throws Exception {
    return http(api, "GET", "/metrics", null).body();
  }

  /** The value of the series named {@code name} with exactly these labels (in the scrape's order), if present. */
  private static Optional<Double> value(String scrape, String name, String labels) {
    String prefix = labels.isEmpty() ? name + " " : name + "{" + labels + "} ";
    return scrape.lines().filter(l -> l.startsWith(prefix))
        .map(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst();
  }

  @Test
  void httpRequestsAreTimedByRoutePatternMethodAndStatusNeverByPath() throws Exception {
    register(api, """
        {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 80}""");
    assertThat(http(api, "PUT", "/v1/kv/config/db/url", "x").statusCode()).isEqualTo(200);
    assertThat(http(api, "PUT", "/v1/kv/config/db/user", "y").statusCode()).isEqualTo(200);
    assertThat(http(api, "GET", "/v1/kv/missing", null).statusCode()).isEqualTo(404);
    assertThat(http(api, "GET", "/v1/no/such/route", null).statusCode()).isEqualTo(404);
    assertThat(http(api, "DELETE", "/v1/agent/service/register", null).statusCode()).isEqualTo(405);

    String scrape = scrape();

    assertThat(value(scrape, "signpost_http_requests_seconds_count",
        "method=\"PUT\",route=\"/v1/agent/service/register\",status=\"200\"")).hasValue(1.0);
    assertThat(value(scrape, "signpost_http_requests_seconds_count",
        "method=\"PUT\",route=\"/v1/kv/{key...}\",status=\"200\"")).hasValue(2.0);
    assertThat(value(scrape, "signpost_http_requests_seconds_count",
        "method=\"GET\",route=\"/v1/kv/{key...}\",status=\"404\"")).hasValue(1.0);
    assertThat(value(scrape, "signpost_http_requests_seconds_count",
        "method=\"GET\",route=\"unmatched\",status=\"404\"")).hasValue(1.0);
    assertThat(value(scrape, "signpost_http_requests_seconds_count",
        "method=\"DELETE\",route=\"/v1/agent/service/register\",status=\"405\"")).hasValue(1.0);
    assertThat(value(scrape, "signpost_http_requests_seconds_sum",
        "method=\"PUT\",route=\"/v1/agent/service/register\",status=\"200\"")).hasValueSatisfying(
            seconds -> assertThat(seconds).isPositive());
    assertThat(scrape).doesNotContain("route=\"/v1/kv/config").doesNotContain("route=\"/v1/no");
  }

  @Test
  void aRegistrationIsCommittedToTheJournalAndTheCommitIsTimedAndCounted() throws Exception {
    String before = scrape();
    double commits = value(before, "signpost_journal_commit_seconds_count", "").orElse(0.0);
    double changes = value(before, "signpost_journal_batch_size_sum", "").orElse(0.0);

    register(api, """
        {"ID": "db-1", "Name": "db", "Address": "10.0.0.2", "Port": 5432}""");
    assertThat(query(server.dnsAddress(), false, "db.service.local.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    String after = scrape();

    assertThat(value(after, "signpost_journal_commit_seconds_count", "")).hasValueSatisfying(
        n -> assertThat(n).isGreaterThanOrEqualTo(commits + 1));
    assertThat(value(after, "signpost_journal_commit_seconds_sum", "")).hasValueSatisfying(
        s -> assertThat(s).isPositive());
    assertThat(value(after, "signpost_journal_batch_size_sum", "")).hasValueSatisfying(
        n -> assertThat(n).isGreaterThanOrEqualTo(changes + 1));
    assertThat(after).contains("signpost_journal_commit_seconds_bucket{le=");
    assertThat(value(after, "signpost_journal_size_bytes", "")).hasValueSatisfying(
        bytes -> assertThat(bytes).isPositive());
    assertThat(value(after, "signpost_store_healthy", "store=\"embedded\"")).hasValue(1.0);
    assertThat(after).contains("signpost_dns_queries_total{");
  }

  @Test
  void probesAreTimedByCheckTypeAndResult() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    register(api, """
        {"ID": "api-1", "Name": "api", "Address": "10.0.0.3", "Port": 80,
         "Checks": [{"HTTP": "http://127.0.0.1:%d/health", "Interval": "200ms"},
                    {"TCP": "127.0.0.1:%d", "Interval": "200ms", "Timeout": "1s"}]}"""
        .formatted(endpoint.getAddress().getPort(), closed));

    await().atMost(BOUND).untilAsserted(() -> {
      String scrape = scrape();
      assertThat(value(scrape, "signpost_check_duration_seconds_count", "status=\"passing\",type=\"http\""))
          .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(1));
      assertThat(value(scrape, "signpost_check_duration_seconds_count", "status=\"critical\",type=\"tcp\""))
          .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(1));
    });
  }
}
