package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.query;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Passive health over real sockets: callers report failures of one of three instances over HTTP, and its A and
 * SRV records leave DNS for everyone; it comes back by itself, last, once its ejection time is over, and passes
 * again after three successes; reports against a second instance never eject it while the first is out. Every
 * wait is bounded; none is a sleep.
 */
class PassiveHealthEndToEndTest {

  private static final Duration BOUND = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIVE_FAILURES = "[{\"Code\": 503}, {\"Code\": 503}, {\"Code\": 0}, {\"Code\": 502},"
      + " {\"Success\": false, \"LatencyMs\": 2000}]";

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress dns;
  static InetSocketAddress api;

  @BeforeAll
  static void start() throws Exception {
    server = TestClients.startServer(dataDir);
    dns = server.dnsAddress();
    api = server.httpAddress();
    for (int n = 1; n <= 3; n++) {
      register(api, "{\"ID\": \"pay-" + n + "\", \"Name\": \"pay\", \"Address\": \"10.3.0." + n + "\", \"Port\": 900"
          + n + "}");
    }
    // Passive health for this service only (no --passive-health), with a short ejection time.
    HttpResponse<String> policy = http(api, "PUT", "/v1/signpost/policy/pay", "{\"Strategy\": \"round-robin\","
        + " \"Passive\": {\"EjectionTime\": \"3s\", \"MaxEjectionTime\": \"6s\"}}");
    assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> addresses() throws Exception {
    Message m = query(dns, false, "pay.service.local.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().toList();
  }

  /** SRV port → priority. */
  static Map<Integer, Integer> srvPriorities() throws Exception {
    Message m = query(dns, false, "_pay._tcp.service.local.", Type.SRV);
    Map<Integer, Integer> out = new TreeMap<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      out.put(((SRVRecord) r).getPort(), ((SRVRecord) r).getPriority());
    }
    return out;
  }

  /** The passive check of an instance as {@code /v1/health/service/pay} shows it. */
  static JsonNode passiveCheck(String id) throws Exception {
    JsonNode entries = JSON.readTree(http(api, "GET", "/v1/health/service/pay", null).body());
    for (JsonNode entry : entries) {
      for (JsonNode check : entry.get("Checks")) {
        if (check.get("CheckID").asText().equals("_signpost_passive:" + id)) {
          return check;
        }
      }
    }
    return JSON.nullNode();
  }

  static String status(String id) throws Exception {
    JsonNode check = passiveCheck(id);
    return check.isNull() ? "none" : check.get("Status").asText();
  }

  static JsonNode report(String id, String body) throws Exception {
    HttpResponse<String> r = http(api, "PUT", "/v1/signpost/instance/" + id + "/outcomes", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void anInstanceThatFailsItsCallersLeavesDnsComesBackLastAndPassesAfterThreeSuccesses() throws Exception {
    await().atMost(BOUND).until(() -> status("pay-1").equals("passing") && status("pay-2").equals("passing")
        && status("pay-3").equals("passing"));
    assertThat(addresses()).containsExactly("10.3.0.1", "10.3.0.2", "10.3.0.3");

    JsonNode first = report("pay-1", FIVE_FAILURES);
    JsonNode second = report("pay-2", FIVE_FAILURES); // while pay-1 is out: the share allows one of three

    assertThat(first.get("State").asText()).isEqualTo("open");
    assertThat(first.get("Status").asText()).isEqualTo("critical");
    assertThat(first.get("Output").asText()).endsWith(" after 5 consecutive failures, out for 3s");
    assertThat(second.get("State").asText()).isEqualTo("closed");
    assertThat(second.get("Output").asText())
        .contains("ejection refused at ", "MaxEjectedPercent 50 allows 1 of 3 instances of pay out, and 1 is already");
    // The replies come once the breakers decided; the open check is written as a health result after them.
    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(addresses()).containsExactly("10.3.0.2", "10.3.0.3");
      assertThat(srvPriorities()).containsOnlyKeys(9002, 9003);
      assertThat(passiveCheck("pay-1").get("Status").asText()).isEqualTo("critical");
    });
    JsonNode open = passiveCheck("pay-1");
    assertThat(open.get("Status").asText()).isEqualTo("critical");
    assertThat(open.get("Name").asText()).isEqualTo("Passive health (circuit breaker)");
    assertThat(open.get("Output").asText()).startsWith("open since ");
    assertThat(status("pay-2")).isEqualTo("passing");

    await().atMost(BOUND).until(() -> addresses().size() == 3);
    assertThat(status("pay-1")).isEqualTo("warning");
    assertThat(passiveCheck("pay-1").get("Output").asText()).endsWith(": 0 of 3 successes");
    assertThat(srvPriorities()).containsExactly(Map.entry(9001, 3), Map.entry(9002, 1), Map.entry(9003, 1));

    JsonNode closed = report("pay-1", "[{\"Code\": 200, \"LatencyMs\": 12}, {\"Code\": 204}, {\"Code\": 404}]");

    assertThat(closed.get("State").asText()).isEqualTo("closed");
    assertThat(closed.get("Status").asText()).isEqualTo("passing");
    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(status("pay-1")).isEqualTo("passing");
      assertThat(srvPriorities()).containsExactly(Map.entry(9001, 1), Map.entry(9002, 1), Map.entry(9003, 1));
    });
    String metrics = http(api, "GET", "/metrics", null).body();
    assertThat(metrics).contains("signpost_passive_ejections_total 1.0", "signpost_passive_ejections_refused_total 1.0",
        "signpost_passive_outcomes_total{result=\"failure\"} 10.0",
        "signpost_passive_outcomes_total{result=\"success\"} 3.0", "signpost_passive_open 0.0",
        "signpost_passive_half_open 0.0", "signpost_passive_batches_refused_total 0.0");
    JsonNode events = JSON.readTree(http(api, "GET", "/v1/signpost/events?instance=pay-1", null).body());
    assertThat(events).extracting(e -> e.get("Summary").asText()).anySatisfy(summary -> assertThat(summary)
        .startsWith("pay-1 left DNS: check '_signpost_passive:pay-1' critical: open since "));
  }
}
