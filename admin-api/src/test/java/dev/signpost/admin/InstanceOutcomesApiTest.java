package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.health.ManualScheduler;
import dev.signpost.core.passive.PassiveOptions;
import dev.signpost.core.testing.ManualTime;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceOutcomesApiTest {

  private static final String EXPECTED = "a JSON array of {\"Success\": ..., \"LatencyMs\": ..., \"Code\": ...} or"
      + " {\"Successes\": ..., \"Failures\": ...}";

  private final ManualTime time = new ManualTime();
  private final ManualScheduler clock = new ManualScheduler(time);
  private final ApiFixture api = new ApiFixture(passiveOn(clock));

  /** Passive health on for every service (--passive-health), reports of at most 5 outcomes. */
  private static ServiceDiscovery passiveOn(ManualScheduler clock) {
    return ServiceDiscovery.builder().time(clock.time()).healthScheduler(clock)
        .probe(check -> new CompletableFuture<>()).passiveHealth(new PassiveOptions(true, 5)).build();
  }

  @BeforeEach
  void registerInstances() {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Address\": \"10.0.0.1\", \"Port\": 80}");
    api.register("{\"ID\": \"web-2\", \"Name\": \"web\", \"Address\": \"10.0.0.2\", \"Port\": 80}");
    clock.runDue();
  }

  @AfterEach
  void close() {
    api.close();
  }

  private JsonNode passiveCheck(String service, String id) {
    for (JsonNode check : api.getJson("/v1/health/checks/" + service)) {
      if (check.get("CheckID").asText().equals("_signpost_passive:" + id)) {
        return check;
      }
    }
    throw new AssertionError("no passive check for " + id);
  }

  @Test
  void failedCallsEjectTheInstanceAndTheReplySaysWhatTheReportDid() {
    HttpResponse<String> response = api.put("/v1/signpost/instance/web-1/outcomes",
        "[{\"Code\": 503}, {\"Code\": 0}, {\"Code\": 408, \"LatencyMs\": 30000}, {\"Code\": 429}, {\"Success\": false}]");

    JsonNode reply = api.json(response);
    assertThat(fieldNames(reply)).containsExactly("ID", "Service", "Passive", "Successes", "Failures", "State",
        "CheckID", "Status", "Output");
    assertThat(reply.toString()).isEqualTo("{\"ID\":\"web-1\",\"Service\":\"web\",\"Passive\":true,\"Successes\":0,"
        + "\"Failures\":5,\"State\":\"open\",\"CheckID\":\"_signpost_passive:web-1\",\"Status\":\"critical\","
        + "\"Output\":\"open since 2026-01-01T00:00:00Z after 5 consecutive failures, out for 30s\"}");
    JsonNode check = passiveCheck("web", "web-1");
    assertThat(check.get("Status").asText()).isEqualTo("critical");
    assertThat(check.get("Name").asText()).isEqualTo("Passive health (circuit breaker)");
    assertThat(check.get("Type").asText()).isEqualTo("passive");
    JsonNode passing = api.getJson("/v1/health/service/web?passing");
    assertThat(passing).hasSize(1);
    assertThat(passing.get(0).get("Service").get("ID").asText()).isEqualTo("web-2");
  }

  @Test
  void clientErrorsAreTheCallersFaultAndCountAsSuccesses() {
    JsonNode reply = api.json(api.put("/v1/signpost/instance/web-1/outcomes",
        "[{\"Code\": 404}, {\"Code\": 400}, {\"Code\": 401}, {\"Code\": 200}, {\"Code\": 302}]"));

    assertThat(reply.get("Successes").asLong()).isEqualTo(5);
    assertThat(reply.get("State").asText()).isEqualTo("closed");
    assertThat(passiveCheck("web", "web-1").get("Status").asText()).isEqualTo("passing");
  }

  @Test
  void successGivenDecidesOverTheCode() {
    JsonNode reply = api.json(api.put("/v1/signpost/instance/web-1/outcomes",
        "[{\"Success\": true, \"Code\": 503}, {\"Success\": false, \"Code\": 200}]"));

    assertThat(reply.get("Successes").asLong()).isEqualTo(1);
    assertThat(reply.get("Failures").asLong()).isEqualTo(1);
  }

  @Test
  void countsReportFailuresWhoseOrderIsUnknown() {
    JsonNode first = api.json(api.put("/v1/signpost/instance/web-1/outcomes", "{\"Successes\": 2}"));
    assertThat(first.get("Successes").asLong()).isEqualTo(2);
    assertThat(first.get("Failures").asLong()).isZero();

    JsonNode reply = api.json(api.put("/v1/signpost/instance/web-1/outcomes", "{\"failures\": 5}"));

    assertThat(reply.get("State").asText()).isEqualTo("open");
    assertThat(passiveCheck("web", "web-1").get("Status").asText()).isEqualTo("critical");
  }

  @Test
  void successfulCallsLatenciesFeedTheLatencyStrategy() {
    api.json(api.put("/v1/signpost/instance/web-1/outcomes",
        "[{\"Success\": true, \"LatencyMs\": 12.5}, {\"Success\": false, \"LatencyMs\": 9000}]"));

    JsonNode load = api.getJson("/v1/signpost/instance/web-1/load");
    assertThat(load.get("CheckLatencyMillis").asDouble()).isEqualTo(12.5);
    assertThat(load.get("FailedRecently").asBoolean()).isFalse();
  }

  @Test
  void aServiceWithPassiveHealthOffTakesReportsForLatencyAndSaysSo() {
    api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"latency\", \"Passive\": {\"Enabled\": false}}"));
    clock.runDue();

    JsonNode reply = api.json(api.put("/v1/signpost/instance/web-1/outcomes",
        "[{\"Code\": 500}, {\"Code\": 500}, {\"Code\": 500}, {\"Code\": 500}, {\"Code\": 200, \"LatencyMs\": 7}]"));

    assertThat(reply.toString()).isEqualTo("{\"ID\":\"web-1\",\"Service\":\"web\",\"Passive\":false,\"Successes\":1,"
        + "\"Failures\":4,\"State\":null,\"CheckID\":null,\"Status\":null,\"Output\":null}");
    assertThat(api.getJson("/v1/health/checks/web")).isEmpty();
    assertThat(api.getJson("/v1/signpost/instance/web-1/load").get("CheckLatencyMillis").asDouble()).isEqualTo(7);
  }

  @Test
  void aReportIsNotARegistryChangeUnlessTheBreakerChanges() {
    long before = api.discovery.index();

    api.json(api.put("/v1/signpost/instance/web-1/outcomes", "[{\"Code\": 500}, {\"Code\": 200}]"));

    assertThat(api.discovery.index()).isEqualTo(before);
  }

  @Test
  void aReportOverTheBatchBoundIs413NamingTheFlagAndIsCounted() {
    String six = "[{\"Code\": 500}, {\"Code\": 500}, {\"Code\": 500}, {\"Code\": 500}, {\"Code\": 500}, {\"Code\": 500}]";

    HttpResponse<String> calls = api.put("/v1/signpost/instance/web-1/outcomes", six);
    HttpResponse<String> counts = api.put("/v1/signpost/instance/web-1/outcomes", "{\"Successes\": 3, \"Failures\": 3}");

    for (HttpResponse<String> response : List.of(calls, counts)) {
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.body())
          .isEqualTo("a report may hold at most 5 outcomes (--passive-max-batch), this one holds 6");
    }
    assertThat(api.discovery.passiveHealth().batchesRefused()).isEqualTo(2);
    assertThat(api.discovery.passiveHealth().failuresReported()).isZero();
    assertThat(passiveCheck("web", "web-1").get("Status").asText()).isEqualTo("passing");
  }

  @Test
  void aReportForAnUnknownInstanceIs404() {
    HttpResponse<String> response = api.put("/v1/signpost/instance/ghost/outcomes", "[{\"Code\": 500}]");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Unknown service ID \"ghost\"");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      [{"LatencyMs": 5}]                      | [0]: Success or Code is missing
      [{"Code": 200}, {"Code": 42}]           | [1].Code must be 0 (no answer) or an HTTP status from 100 to 599, got 42
      [{"Success": true, "Code": 600}]        | [0].Code must be 0 (no answer) or an HTTP status from 100 to 599, got 600
      [{"Success": true, "LatencyMs": -1}]    | [0].LatencyMs must be between 0 and 86400000 (a day), got -1.0
      [{"Success": "yes"}]                    | [0].Success: expected a boolean, got a string
      [{"Code": "503"}]                       | [0].Code: expected an integer, got a string
      [null]                                  | [0]: expected an object with Success or Code, got null
      [true]                                  | [0]: expected an object, got a boolean
      {"Successes": -1}                       | Successes must not be negative, got -1
      {"Failures": 1.5}                       | Failures: expected an integer, got a number
      {}                                      | Successes and Failures are missing: expected a JSON array of {"Success": ..., "LatencyMs": ..., "Code": ...} or {"Successes": ..., "Failures": ...}
      ''                                      | request body is empty: expected a JSON array of {"Success": ..., "LatencyMs": ..., "Code": ...} or {"Successes": ..., "Failures": ...}
      12                                      | request body: expected a JSON array of {"Success": ..., "LatencyMs": ..., "Code": ...} or {"Successes": ..., "Failures": ...}
      """)
  void invalidReportsAreRefusedWith400NamingTheFieldAndChangeNothing(String body, String message) {
    HttpResponse<String> response = api.put("/v1/signpost/instance/web-1/outcomes", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(message);
    assertThat(api.discovery.passiveHealth().successesReported() + api.discovery.passiveHealth().failuresReported())
        .isZero();
  }

  @Test
  void withAclsOnReportingNeedsServiceWriteOnTheInstancesServiceSoAnonymousReportsEjectNothing() {
    try (ApiFixture acl = new ApiFixture(passiveOn(new ManualScheduler(new ManualTime())),
        AclConfig.denyByDefault())) {
      acl.discovery.register(dev.signpost.core.Instance.of("web-1", "web", "10.0.0.1", 80, List.of()))
          .toCompletableFuture().join();
      acl.discovery.register(dev.signpost.core.Instance.of("web-2", "web", "10.0.0.2", 80, List.of()))
          .toCompletableFuture().join();
      String five = "{\"Failures\": 5}";
      String webWriter = ApiFixture.tokenWithRules(acl.discovery, "service \"web\" { policy = \"write\" }");
      String apiWriter = ApiFixture.tokenWithRules(acl.discovery, "service \"api\" { policy = \"write\" }");
      String webReader = ApiFixture.tokenWithRules(acl.discovery, "service \"web\" { policy = \"read\" }");

      HttpResponse<String> anonymous = acl.put("/v1/signpost/instance/web-1/outcomes", five);
      List<Integer> refused = new ArrayList<>();
      for (String secret : List.of(apiWriter, webReader)) {
        refused.add(acl.send("PUT", "/v1/signpost/instance/web-1/outcomes", BodyPublishers.ofString(five),
            "X-Consul-Token", secret).statusCode());
      }

      assertThat(anonymous.statusCode()).isEqualTo(403);
      assertThat(refused).containsExactly(403, 403);
      assertThat(acl.discovery.passiveHealth().failuresReported()).isZero();
      HttpResponse<String> allowed = acl.send("PUT", "/v1/signpost/instance/web-1/outcomes",
          BodyPublishers.ofString(five), "X-Consul-Token", webWriter);
      assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
      assertThat(acl.body(allowed).get("State").asText()).isEqualTo("open");
    }
  }

  @Test
  void theEjectedInstanceComesBackHalfOpenAfterTheEjectionTime() {
    api.json(api.put("/v1/signpost/instance/web-1/outcomes", "{\"Failures\": 5}"));

    clock.advance(Duration.ofSeconds(30));

    JsonNode check = passiveCheck("web", "web-1");
    assertThat(check.get("Status").asText()).isEqualTo("warning");
    assertThat(check.get("Output").asText()).isEqualTo("half-open since 2026-01-01T00:00:30Z: 0 of 3 successes");
    assertThat(api.getJson("/v1/health/service/web")).hasSize(2);
  }
}
