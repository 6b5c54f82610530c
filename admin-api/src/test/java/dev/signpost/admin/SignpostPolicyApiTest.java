package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.consulIndex;
import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.balance.breaker.BreakerSettings;
import dev.signpost.core.PassivePolicy;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import dev.signpost.core.storage.JournalStore;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignpostPolicyApiTest {

  private static final String NAMES = "ip-hash, latency, least-connections, random, round-robin, weighted, zone-aware";
  private static final String NO_POLICY_FOR_WEB =
      "No policy for service \"web\": it is answered with the defaults (strategy round-robin)";

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void putStoresThePolicyAndAnswersWithItInTheShapeGetServes() {
    HttpResponse<String> response = api.put("/v1/signpost/policy/web",
        "{\"Strategy\": \"weighted\", \"TTL\": 5, \"AnswerLimit\": 3}");

    JsonNode body = api.json(response);
    assertThat(fieldNames(body)).containsExactly("Service", "Strategy", "TTL", "AnswerLimit", "Passive");
    assertThat(body.get("Service").asText()).isEqualTo("web");
    assertThat(body.get("Strategy").asText()).isEqualTo("weighted");
    assertThat(body.get("TTL").asLong()).isEqualTo(5);
    assertThat(body.get("AnswerLimit").asInt()).isEqualTo(3);
    assertThat(api.discovery.storedPolicy("web")).hasValue(new ServicePolicy("weighted", OptionalLong.of(5), 3));
    assertThat(api.getJson("/v1/signpost/policy/web")).isEqualTo(body);
  }

  @Test
  void onlyStrategyIsRequiredAndAnAbsentTtlOrAnswerLimitFollowsTheGlobalOneAndShowsAsNull() {
    JsonNode body = api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"least-connections\"}"));

    assertThat(body.get("TTL").isNull()).isTrue();
    assertThat(body.get("AnswerLimit").isNull()).isTrue();
    assertThat(api.discovery.policy("web"))
        .isEqualTo(new ServicePolicy("least-connections", OptionalLong.empty(), OptionalInt.empty()));
  }

  @Test
  void aServiceNeedNotBeRegisteredToHaveAPolicyAndKeepsItOnceItIs() {
    api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"ip-hash\"}"));
    assertThat(api.getJson("/v1/catalog/services").isEmpty()).isTrue();

    api.register("{\"ID\": \"web-1\", \"Name\": \"web\"}");

    assertThat(api.getJson("/v1/signpost/policy/web").get("Strategy").asText()).isEqualTo("ip-hash");
    assertThat(api.discovery.policy("web").strategy()).isEqualTo("ip-hash");
  }

  @Test
  void policyRoundTripsThroughPutGetPoliciesAndDelete() {
    api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"weighted\", \"TTL\": 5}"));
    api.json(api.put("/v1/signpost/policy/api", "{\"Strategy\": \"latency\", \"AnswerLimit\": 2}"));

    assertThat(api.getJson("/v1/signpost/policy/web").get("Strategy").asText()).isEqualTo("weighted");
    JsonNode all = api.getJson("/v1/signpost/policies");
    assertThat(fieldNames(all)).containsExactly("api", "web");
    assertThat(all.get("api").toString())
        .isEqualTo("{\"Service\":\"api\",\"Strategy\":\"latency\",\"TTL\":null,\"AnswerLimit\":2,\"Passive\":null}");
    assertThat(all.get("web").toString())
        .isEqualTo("{\"Service\":\"web\",\"Strategy\":\"weighted\",\"TTL\":5,\"AnswerLimit\":null,"
            + "\"Passive\":null}");

    HttpResponse<String> deleted = api.delete("/v1/signpost/policy/web");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(deleted.body()).isEmpty();

    HttpResponse<String> gone = api.get("/v1/signpost/policy/web");
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).isEqualTo(NO_POLICY_FOR_WEB);
    assertThat(fieldNames(api.getJson("/v1/signpost/policies"))).containsExactly("api");
    assertThat(api.discovery.storedPolicy("web")).isEmpty();
  }

  @Test
  void putReplacesAnEarlierPolicy() {
    api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"weighted\", \"TTL\": 5, \"AnswerLimit\": 3}"));

    api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"random\"}"));

    assertThat(api.discovery.storedPolicy("web"))
        .hasValue(new ServicePolicy("random", OptionalLong.empty(), OptionalInt.empty()));
  }

  @Test
  void serviceNamesAreCaseInsensitiveGetEchoesTheNameAsAskedAndPoliciesListsTheKey() {
    api.json(api.put("/v1/signpost/policy/Web", "{\"Strategy\": \"weighted\"}"));

    assertThat(api.getJson("/v1/signpost/policy/WEB").get("Service").asText()).isEqualTo("WEB");
    assertThat(api.getJson("/v1/signpost/policies").at("/web/Service").asText()).isEqualTo("web");
  }

  @Test
  void noPoliciesIsAnEmptyObject() {
    HttpResponse<String> response = api.get("/v1/signpost/policies");

    assertThat(api.json(response).isObject()).isTrue();
    assertThat(response.body()).isEqualTo("{}");
  }

  @Test
  void getWithoutAStoredPolicyIs404NamingTheDefaultStrategy() {
    HttpResponse<String> response = api.get("/v1/signpost/policy/web");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo(NO_POLICY_FOR_WEB);
  }

  @Test
  void the404NamesTheRegistrysOwnDefaultStrategy() {
    try (ApiFixture weighted = new ApiFixture(ApiFixture.silentProbes().defaultStrategy("weighted").build())) {
      HttpResponse<String> response = weighted.get("/v1/signpost/policy/web");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body())
          .isEqualTo("No policy for service \"web\": it is answered with the defaults (strategy weighted)");
    }
  }

  @Test
  void deleteWithoutAStoredPolicyIs404() {
    long before = api.discovery.index();

    HttpResponse<String> response = api.delete("/v1/signpost/policy/web");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo(NO_POLICY_FOR_WEB);
    assertThat(api.discovery.index()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"Strategy": "fastest"}                          | unknown strategy 'fastest'; use one of: ip-hash, latency, least-connections, random, round-robin, weighted, zone-aware
      {"TTL": 5}                                       | Strategy is missing: use one of: ip-hash, latency, least-connections, random, round-robin, weighted, zone-aware
      {"Strategy": ""}                                 | Strategy is missing: use one of: ip-hash, latency, least-connections, random, round-robin, weighted, zone-aware
      {"Strategy": 3}                                  | Strategy: expected a string, got a number
      {"Strategy": "weighted", "AnswerLimit": -1}      | AnswerLimit must not be negative (0 means no limit), got -1
      {"Strategy": "weighted", "AnswerLimit": "2"}     | AnswerLimit: expected an integer, got a string
      {"Strategy": "weighted", "AnswerLimit": 1.5}     | AnswerLimit: expected an integer, got a number
      {"Strategy": "weighted", "TTL": -1}              | TTL must be between 0 and 2147483647 seconds, got -1
      {"Strategy": "weighted", "TTL": 2147483648}      | TTL must be between 0 and 2147483647 seconds, got 2147483648
      {"Strategy": "weighted", "TTL": "5"}             | TTL: expected an integer, got a string
      {"Strategy": "weighted", "TTL": "5s"}            | TTL: expected an integer, got a string
      {"Strategy": "weighted", "TTL": true}            | TTL: expected an integer, got a boolean
      {"Strategy": "weighted", "Passive": {"FailureRatePercent": 150}}      | Passive.FailureRatePercent must be between 0 and 100, got 150
      {"Strategy": "weighted", "Passive": {"ConsecutiveFailures": 0, "FailureRatePercent": 0}} | Passive.ConsecutiveFailures and FailureRatePercent are both 0: nothing could open the breaker
      {"Strategy": "weighted", "Passive": {"EjectionTime": "0s"}}          | Passive.EjectionTime must be positive and at most 86400s, got 0s
      {"Strategy": "weighted", "Passive": {"EjectionTime": "1m", "MaxEjectionTime": "30s"}} | Passive.MaxEjectionTime (30s) must not be shorter than EjectionTime (60s)
      {"Strategy": "weighted", "Passive": {"MaxEjectedPercent": 101}}      | Passive.MaxEjectedPercent must be between 0 and 100, got 101
      {"Strategy": "weighted", "Passive": {"HalfOpenSuccesses": 0}}        | Passive.HalfOpenSuccesses must be between 1 and 1000000, got 0
      {"Strategy": "weighted", "Passive": {"Window": "2h"}}                | Passive.Window must be positive and at most 3600s, got 7200s
      {"Strategy": "weighted", "Passive": {"Enabled": "yes"}}              | Passive.Enabled: expected a boolean, got a string
      ''                                               | request body is empty: expected {"Strategy": ..., "TTL": ..., "AnswerLimit": ..., "Passive": {...}}
      """)
  void invalidPoliciesAreRefusedWith400NamingTheProblemAndNothingIsStored(String body, String message) {
    long before = api.discovery.index();

    HttpResponse<String> response = api.put("/v1/signpost/policy/web", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(message);
    assertThat(api.discovery.storedPolicy("web")).isEmpty();
    assertThat(api.discovery.index()).isEqualTo(before);
  }

  @Test
  void passiveHealthSettingsAreStoredWithTheDefaultsFilledInAndServedBack() {
    JsonNode body = api.json(api.put("/v1/signpost/policy/web",
        "{\"Strategy\": \"latency\", \"Passive\": {\"ConsecutiveFailures\": 3, \"EjectionTime\": \"10s\"}}"));

    JsonNode passive = body.get("Passive");
    assertThat(fieldNames(passive)).containsExactly("Enabled", "ConsecutiveFailures", "FailureRatePercent",
        "MinimumCalls", "Window", "EjectionTime", "MaxEjectionTime", "HalfOpenSuccesses", "MaxEjectedPercent");
    assertThat(passive.toString()).isEqualTo("{\"Enabled\":true,\"ConsecutiveFailures\":3,\"FailureRatePercent\":50,"
        + "\"MinimumCalls\":20,\"Window\":\"30s\",\"EjectionTime\":\"10s\",\"MaxEjectionTime\":\"5m0s\","
        + "\"HalfOpenSuccesses\":3,\"MaxEjectedPercent\":50}");
    PassivePolicy stored = api.discovery.storedPolicy("web").orElseThrow().passive().orElseThrow();
    assertThat(stored).isEqualTo(new PassivePolicy(true, new BreakerSettings(3, 50, 20, Duration.ofSeconds(30),
        Duration.ofSeconds(10), Duration.ofMinutes(5), 3), 50));
    assertThat(api.discovery.passivePolicy("web")).isEqualTo(stored);
    assertThat(api.getJson("/v1/signpost/policy/web")).isEqualTo(body);
  }

  @Test
  void passiveHealthMayBeTurnedOffForOneServiceAndALongerEjectionTimeRaisesTheDefaultCap() {
    JsonNode off = api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"weighted\", \"Passive\": "
        + "{\"Enabled\": false}}"));
    JsonNode longer = api.json(api.put("/v1/signpost/policy/db", "{\"Strategy\": \"weighted\", \"Passive\": "
        + "{\"EjectionTime\": \"10m\"}}"));

    assertThat(off.get("Passive").get("Enabled").asBoolean()).isFalse();
    assertThat(api.discovery.passivePolicy("web").enabled()).isFalse();
    assertThat(longer.get("Passive").get("MaxEjectionTime").asText()).isEqualTo("10m0s");
    assertThat(api.discovery.passivePolicy("other")).as("no policy, no --passive-health").isEqualTo(PassivePolicy.OFF);
  }

  @Test
  void missingStrategyListsTheRegistrysStrategyNames() {
    HttpResponse<String> response = api.put("/v1/signpost/policy/web", "{}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("Strategy is missing: use one of: " + String.join(", ", api.discovery.strategyNames()))
        .endsWith(NAMES);
  }

  @Test
  void bodyThatIsNotJsonIs400() {
    HttpResponse<String> response = api.put("/v1/signpost/policy/web", "Strategy=weighted");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("malformed JSON: ").contains("(line 1, column");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT", "GET", "DELETE"})
  void aPathThatIsNotAServiceNameIs400WithCoresMessage(String method) {
    String body = method.equals("PUT") ? "{\"Strategy\": \"weighted\"}" : "";

    HttpResponse<String> response = api.send(method, "/v1/signpost/policy/web_app", BodyPublishers.ofString(body));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("service name 'web_app' is not a valid DNS label:"
        + " use letters, digits and hyphens (not first or last), at most 63 characters");
  }

  @Test
  void aReservedServiceNameIs400() {
    HttpResponse<String> response = api.put("/v1/signpost/policy/addr", "{\"Strategy\": \"weighted\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("service name 'addr' is reserved by the DNS naming scheme");
  }

  @Test
  void putMovesTheIndexThatReadsReport() {
    api.register("{\"Name\": \"db\"}"); // off index 0, which reads report as 1
    HttpResponse<String> before = api.get("/v1/signpost/policies");

    api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"weighted\"}"));

    HttpResponse<String> policies = api.get("/v1/signpost/policies");
    HttpResponse<String> one = api.get("/v1/signpost/policy/web");
    assertThat(consulIndex(policies)).isGreaterThan(consulIndex(before)).isEqualTo(api.discovery.index());
    assertThat(consulIndex(one)).isEqualTo(consulIndex(policies));
  }

  @Test
  void puttingTheSamePolicyAgainLeavesTheIndexAlone() {
    String body = "{\"Strategy\": \"weighted\", \"TTL\": 5}";
    api.json(api.put("/v1/signpost/policy/web", body));
    long before = api.discovery.index();

    api.json(api.put("/v1/signpost/policy/web", body));

    assertThat(api.discovery.index()).isEqualTo(before);
  }

  @Test
  void aBlockingReadOfPoliciesWakesWhenAPolicyIsSet() throws Exception {
    api.register("{\"Name\": \"db\"}"); // off index 0, which reads report as 1
    long index = consulIndex(api.get("/v1/signpost/policies"));
    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/signpost/policies?index=" + index + "&wait=30s");

    api.json(api.put("/v1/signpost/policy/web", "{\"Strategy\": \"weighted\"}"));

    HttpResponse<String> woken = poll.get(10, TimeUnit.SECONDS);
    assertThat(consulIndex(woken)).isGreaterThan(index);
    assertThat(fieldNames(api.json(woken))).containsExactly("web");
  }

  @Test
  void aPolicySurvivesARestart(@TempDir Path dir) {
    try (ApiFixture first = new ApiFixture(journaled(dir))) {
      first.json(first.put("/v1/signpost/policy/web", "{\"Strategy\": \"weighted\", \"TTL\": 5, \"AnswerLimit\": 2}"));
      first.json(first.put("/v1/signpost/policy/api", "{\"Strategy\": \"latency\"}"));
      assertThat(first.delete("/v1/signpost/policy/api").statusCode()).isEqualTo(200);
    }

    try (ApiFixture second = new ApiFixture(journaled(dir))) {
      assertThat(second.getJson("/v1/signpost/policy/web").toString())
          .isEqualTo("{\"Service\":\"web\",\"Strategy\":\"weighted\",\"TTL\":5,\"AnswerLimit\":2,\"Passive\":null}");
      assertThat(second.get("/v1/signpost/policy/api").statusCode()).isEqualTo(404);
    }
  }

  private static ServiceDiscovery journaled(Path dir) {
    return ServiceDiscovery.builder().store(JournalStore.open(dir)).probe(check -> new CompletableFuture<>()).build();
  }
}
