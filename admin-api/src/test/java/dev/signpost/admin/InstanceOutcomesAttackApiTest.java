package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.balance.breaker.BreakerState;
import dev.signpost.balance.breaker.BreakerStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.health.ManualScheduler;
import dev.signpost.core.passive.PassiveOptions;
import dev.signpost.core.testing.ManualTime;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code PUT /v1/signpost/instance/{id}/outcomes} as an attacker or a broken proxy would call it. Every refusal
 * is a 4xx naming what was wrong, and changes nothing: web-1 starts each test with a run of 4 failures, so a
 * refused report that counted a success would reset the run and one that counted a failure would open the
 * breaker; neither the reported-outcome meters nor the registry's index may move.
 */
class InstanceOutcomesAttackApiTest {

  private static final String OUTCOMES = "/v1/signpost/instance/web-1/outcomes";
  private static final String EXPECTED = "a JSON array of {\"Success\": ..., \"LatencyMs\": ..., \"Code\": ...} or"
      + " {\"Successes\": ..., \"Failures\": ...}";

  private final ManualTime time = new ManualTime();
  private final ManualScheduler clock = new ManualScheduler(time);
  private final ApiFixture api = new ApiFixture(passiveOn(clock));
  private long index;

  /** Passive health on for every service, with the default bound of 1,000 outcomes a report. */
  private static ServiceDiscovery passiveOn(ManualScheduler clock) {
    return ServiceDiscovery.builder().time(clock.time()).healthScheduler(clock)
        .probe(check -> new CompletableFuture<>())
        .passiveHealth(new PassiveOptions(true, PassiveOptions.DEFAULT_MAX_BATCH)).build();
  }

  @BeforeEach
  void fourFailuresInARow() {
    for (int n = 1; n <= 3; n++) {
      api.register("{\"ID\": \"web-" + n + "\", \"Name\": \"web\", \"Address\": \"10.0.0." + n + "\", \"Port\": 80}");
    }
    api.register("{\"ID\": \"api-1\", \"Name\": \"api\", \"Address\": \"10.0.1.1\", \"Port\": 80}");
    clock.runDue();
    assertThat(api.json(api.put(OUTCOMES, "{\"Failures\": 4}")).get("State").asText()).isEqualTo("closed");
    clock.runDue();
    index = api.discovery.index();
  }

  @AfterEach
  void close() {
    api.close();
  }

  private BreakerStatus breaker() {
    return api.discovery.passiveHealth().breaker("web-1").orElseThrow();
  }

  /** Nothing moved since the 4 failures of the set-up. */
  private void assertUnchanged() {
    clock.runDue();
    assertThat(breaker().state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker().consecutiveFailures()).isEqualTo(4);
    assertThat(api.discovery.passiveHealth().successesReported()).isZero();
    assertThat(api.discovery.passiveHealth().failuresReported()).isEqualTo(4);
    assertThat(api.discovery.index()).isEqualTo(index);
  }

  private void assertRefused(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).isEqualTo(message);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain"));
    assertUnchanged();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"Successes": 9223372036854775808} | Successes: Numeric value (9223372036854775808) out of range of long (-9223372036854775808 - 9223372036854775807)
      {"Failures": 100000000000000000000000000000} | Failures: Numeric value (100000000000000000000000000000) out of range of long (-9223372036854775808 - 9223372036854775807)
      {"Failures": -9223372036854775809} | Failures: Numeric value (-9223372036854775809) out of range of long (-9223372036854775808 - 9223372036854775807)
      {"Failures": 1e30} | Failures: expected an integer, got a number
      {"Successes": 1.0} | Successes: expected an integer, got a number
      {"Failures": -1} | Failures must not be negative, got -1
      {"Successes": -9223372036854775808} | Successes must not be negative, got -9223372036854775808
      {"Failures": "5"} | Failures: expected an integer, got a string
      {"Failures": true} | Failures: expected an integer, got a boolean
      {"Failures": [5]} | Failures: expected an integer, got an array
      {"Failures": {"n": 5}} | Failures: expected an integer, got an object
      [{"Success": true, "LatencyMs": "12"}] | [0].LatencyMs: expected a number, got a string
      {"Successes": null, "Failures": null} | `Successes and Failures are missing: expected a JSON array of {"Success": ..., "LatencyMs": ..., "Code": ...} or {"Successes": ..., "Failures": ...}`
      {} | `Successes and Failures are missing: expected a JSON array of {"Success": ..., "LatencyMs": ..., "Code": ...} or {"Successes": ..., "Failures": ...}`
      [{"Success": true, "LatencyMs": -0.001}] | [0].LatencyMs must be between 0 and 86400000 (a day), got -0.001
      [{"Success": true, "LatencyMs": 86400000.5}] | [0].LatencyMs must be between 0 and 86400000 (a day), got 8.64000005E7
      [{"Success": true, "LatencyMs": 1e308}] | [0].LatencyMs must be between 0 and 86400000 (a day), got 1.0E308
      [{"Success": true, "LatencyMs": 1e999}] | [0].LatencyMs must be between 0 and 86400000 (a day), got Infinity
      [{"Success": true, "LatencyMs": "NaN"}] | [0].LatencyMs must be between 0 and 86400000 (a day), got NaN
      [{"Success": true, "LatencyMs": "-Infinity"}] | [0].LatencyMs must be between 0 and 86400000 (a day), got -Infinity
      [{"Success": true, "LatencyMs": NaN}] | malformed JSON: Non-standard token 'NaN' (line 1, column 36)
      [{"Code": -1}] | [0].Code must be 0 (no answer) or an HTTP status from 100 to 599, got -1
      [{"Code": 99}] | [0].Code must be 0 (no answer) or an HTTP status from 100 to 599, got 99
      [{"Code": 2147483648}] | [0].Code: Numeric value (2147483648) out of range of int (-2147483648 - 2147483647)
      [{"Code": 500.0}] | [0].Code: expected an integer, got a number
      [{"Code": 5e2}] | [0].Code: expected an integer, got a number
      [{"Success": 1}] | [0].Success: expected a boolean, got a number
      [{"Success": "false"}] | [0].Success: expected a boolean, got a string
      [{"Success": null}] | [0]: Success or Code is missing
      [{"Code": 200}, 7] | [1]: expected an object, got a number
      ["x"] | [0]: expected an object, got a string
      [[]] | [0]: expected an object, got an array
      [{"Code": 500}] [{"Code": 500}] | malformed JSON: more data after the JSON value (line 1, column 17)
      [{"Code": 500} | malformed JSON: Unexpected end-of-input: expected close marker for Array (start marker at line 1, column 1) (line 1, column 15)
      "[{\\"Code\\": 500}]" | `request body: expected a JSON array of {"Success": ..., "LatencyMs": ..., "Code": ...} or {"Successes": ..., "Failures": ...}`
      null | `request body: expected a JSON array of {"Success": ..., "LatencyMs": ..., "Code": ...} or {"Successes": ..., "Failures": ...}`
      """)
  void badBodiesAreRefusedWith400NamingTheFieldAndChangeNothing(String body, String message) {
    assertRefused(api.put(OUTCOMES, body), 400, message);
  }

  @Test
  void countsWhoseSumWrapsALongAre413NotApplied() {
    HttpResponse<String> response = api.put(OUTCOMES,
        "{\"Successes\": 9223372036854775807, \"Failures\": 9223372036854775807}");

    assertRefused(response, 413,
        "a report may hold at most 1000 outcomes (--passive-max-batch), this one holds 18446744073709551614");
    assertThat(api.discovery.passiveHealth().batchesRefused()).isEqualTo(1);
  }

  @Test
  void aThousandCallsAreAcceptedAndOneMoreIsRefusedWhole() {
    String thousand = "[" + String.join(",", Collections.nCopies(1000, "{\"Code\": 200}")) + "]";
    String more = "[" + String.join(",", Collections.nCopies(1000, "{\"Code\": 503}")) + ",{\"Code\": 503}]";

    assertRefused(api.put(OUTCOMES, more), 413,
        "a report may hold at most 1000 outcomes (--passive-max-batch), this one holds 1001");
    JsonNode accepted = api.json(api.put(OUTCOMES, thousand));

    assertThat(accepted.get("Successes").asLong()).isEqualTo(1000);
    assertThat(breaker().consecutiveFailures()).isZero();
  }

  @Test
  void anEmptyArrayIsAReportOfNothingAndChangesNothing() {
    JsonNode reply = api.json(api.put(OUTCOMES, " [ ] "));

    assertThat(reply.get("Successes").asLong()).isZero();
    assertThat(reply.get("Failures").asLong()).isZero();
    assertThat(reply.get("State").asText()).isEqualTo("closed");
    assertUnchanged();
  }

  @Test
  void unknownFieldsAreIgnoredAsEverywhereInTheApi() {
    JsonNode reply = api.json(api.put(OUTCOMES,
        "[{\"Code\": 503, \"Node\": \"x\", \"Extra\": {\"Deep\": [1, {\"Success\": true}]}}]"));
    JsonNode counts = api.json(api.put("/v1/signpost/instance/web-2/outcomes",
        "{\"Failures\": 1, \"Code\": 200, \"Success\": true, \"Calls\": [{\"Code\": 200}]}"));

    assertThat(reply.get("Failures").asLong()).isEqualTo(1);
    assertThat(reply.get("State").asText()).as("the fifth failure in a row").isEqualTo("open");
    assertThat(counts.get("Successes").asLong()).isZero();
    assertThat(counts.get("Failures").asLong()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[", "{\"Failures\": 1, \"Extra\": ", "[{\"Code\": 200, \"Extra\": "})
  void deeplyNestedJsonIsRefusedWith400WithoutExhaustingTheStack(String prefix) {
    String body = prefix + "[".repeat(100_000) + "]".repeat(100_000);

    HttpResponse<String> response = api.put(OUTCOMES, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    // Databind gives up at the first nested array where an outcome belongs; the parser's depth bound stops the rest.
    assertThat(response.body()).isIn("[0]: expected an object, got an array",
        "malformed JSON: Document nesting depth (1001) exceeds the maximum allowed (1000)");
    assertUnchanged();
  }

  @Test
  void aBodyOverTheServersLimitGets413BeforeAnyOfItIsRead() throws IOException {
    RawConnection client = new RawConnection(api.server.address(), Duration.ofSeconds(10));
    client.send("PUT " + OUTCOMES + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + (1024 * 1024 + 1)
        + "\r\n\r\n[{\"Code\": 503}");

    String response = client.readResponse();
    client.close();

    assertThat(RawConnection.status(response)).isEqualTo(413);
    assertUnchanged();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml; charset=latin1"})
  void anyContentTypeIsReadAsJsonAsConsulDoes(String contentType) {
    HttpResponse<String> response = api.send("PUT", OUTCOMES, BodyPublishers.ofString("{\"Failures\": 1}"),
        "Content-Type", contentType);

    assertThat(api.json(response).get("State").asText()).isEqualTo("open");
  }

  @Test
  void aBodyThatIsNotUtf8IsRefusedWith400() {
    byte[] latin1 = "[{\"Code\": 503, \"Note\": \"caf\u00e9\"}]".getBytes(StandardCharsets.ISO_8859_1);

    HttpResponse<String> response = api.send("PUT", OUTCOMES, BodyPublishers.ofByteArray(latin1));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("malformed JSON: Invalid UTF-8 middle byte 0x22 (line 1, column 30)");
    assertUnchanged();
  }

  @Test
  void aBodyStartingWithABinaryByteIsRefusedWith400() {
    byte[] body = {(byte) 0xff, (byte) 0xfe, '[', 0, ']', 0};

    HttpResponse<String> response = api.send("PUT", OUTCOMES, BodyPublishers.ofByteArray(body));

    assertRefused(response, 400, "request body: expected " + EXPECTED);
  }

  // ---- identity ----

  @ParameterizedTest(name = "{0}")
  @CsvSource({"web%2F1, web/1", "web-1%2F, web-1/", "%2E%2E, ..", "WEB-1, WEB-1", "web-1%E2%80%8B, web-1\u200b"})
  void anIdThatIsNotExactlyAnInstancesIsUnknown(String encoded, String id) {
    HttpResponse<String> response = api.put("/v1/signpost/instance/" + encoded + "/outcomes", "{\"Failures\": 5}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Unknown service ID \"" + id + "\"");
    assertUnchanged();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"web-1%00", "web-1%20", "web-1%0D%0AX-Injected:%201", "%20web-1"})
  void anIdWithControlCharactersOrSpacesIsUnknownAndItsEchoStaysOnOneLine(String encoded) {
    HttpResponse<String> response = api.put("/v1/signpost/instance/" + encoded + "/outcomes", "{\"Failures\": 5}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(response.body()).startsWith("Unknown service ID \"").doesNotContain("\r", "\n");
    assertThat(response.headers().firstValue("X-Injected")).isEmpty();
    assertUnchanged();
  }

  @Test
  void aDotSegmentDoesNotReachAnotherPath() {
    HttpResponse<String> response = api.put("/v1/signpost/instance/web-1/../web-2/outcomes", "{\"Failures\": 5}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertUnchanged();
    assertThat(api.discovery.passiveHealth().breaker("web-2").orElseThrow().consecutiveFailures()).isZero();
  }

  @Test
  void anIdWithDotsAndUnicodeIsReportedOnWhenPercentEncoded() {
    api.register("{\"ID\": \"w\u00e9b.1\u2603\", \"Name\": \"web\", \"Address\": \"10.0.0.9\", \"Port\": 80}");
    clock.runDue();

    JsonNode reply = api.json(api.put("/v1/signpost/instance/w%C3%A9b.1%E2%98%83/outcomes", "{\"Failures\": 5}"));

    assertThat(reply.get("ID").asText()).isEqualTo("w\u00e9b.1\u2603");
    assertThat(reply.get("State").asText()).isEqualTo("open");
    assertThat(breaker().consecutiveFailures()).isEqualTo(4);
  }

  @Test
  void aReportForAnInstanceDeregisteredSinceIs404AndLeavesNoBreaker() {
    api.discovery.deregister("web-2").toCompletableFuture().join();

    HttpResponse<String> response = api.put("/v1/signpost/instance/web-2/outcomes", "{\"Failures\": 5}");
    clock.runDue();

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(api.discovery.passiveHealth().breaker("web-2")).isEmpty();
    assertThat(api.discovery.passiveHealth().openNow()).isZero();
  }

  @Test
  void withPassiveHealthOffForTheServiceFailuresFeedNothingButTheMeters() {
    api.json(api.put("/v1/signpost/policy/api", "{\"Strategy\": \"round-robin\", \"Passive\": {\"Enabled\": false}}"));
    clock.runDue();
    long before = api.discovery.index();

    JsonNode reply = api.json(api.put("/v1/signpost/instance/api-1/outcomes", "{\"Failures\": 1000}"));
    clock.runDue();

    assertThat(reply.get("Passive").asBoolean()).isFalse();
    assertThat(reply.get("State").isNull()).isTrue();
    assertThat(api.discovery.passiveHealth().breaker("api-1")).isEmpty();
    assertThat(api.getJson("/v1/health/service/api?passing")).hasSize(1);
    assertThat(api.discovery.index()).isEqualTo(before);
  }

  @Test
  void anInstanceInMaintenanceIsEjectedByItsFailuresAndStaysInMaintenance() {
    assertThat(api.put("/v1/agent/service/maintenance/web-1?enable=true&reason=upgrade", "").statusCode())
        .isEqualTo(200);
    clock.runDue();

    JsonNode reply = api.json(api.put(OUTCOMES, "[{\"Code\": 503}]"));
    clock.runDue();

    assertThat(reply.get("State").asText()).isEqualTo("open");
    Instance stored = api.discovery.instance("web-1").orElseThrow();
    assertThat(stored.health().maintenance()).contains("upgrade");
  }

  // ---- ACLs ----

  @Test
  void withAclsOnEveryTokenWithoutWriteOnTheInstancesServiceIsRefusedBeforeTheBodyIsReadAndChangesNothing() {
    try (ApiFixture acl = new ApiFixture(passiveOn(new ManualScheduler(new ManualTime())),
        AclConfig.denyByDefault())) {
      for (String id : List.of("web-1", "web-2", "api-1")) {
        acl.discovery.register(Instance.of(id, id.substring(0, 3), "10.0.0.1", 80, List.of()))
            .toCompletableFuture().join();
      }
      String webReader = ApiFixture.tokenWithRules(acl.discovery, "service \"web\" { policy = \"read\" }");
      String apiWriter = ApiFixture.tokenWithRules(acl.discovery, "service \"api\" { policy = \"write\" }");
      String prefixWriter = ApiFixture.tokenWithRules(acl.discovery, "service_prefix \"we\" { policy = \"read\" }\n"
          + "service \"web-extra\" { policy = \"write\" }");
      long before = acl.discovery.index();

      for (String body : List.of("{\"Failures\": 5}", "not json", "{\"Successes\": 9223372036854775807,"
          + " \"Failures\": 9223372036854775807}")) {
        assertThat(acl.put(OUTCOMES, body).statusCode()).as("anonymous").isEqualTo(403);
        for (String secret : List.of(webReader, apiWriter, prefixWriter, UUID.randomUUID().toString())) {
          HttpResponse<String> refused = acl.send("PUT", OUTCOMES, BodyPublishers.ofString(body),
              "X-Consul-Token", secret);
          assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        }
      }
      HttpResponse<String> otherService = acl.send("PUT", "/v1/signpost/instance/web-2/outcomes",
          BodyPublishers.ofString("{\"Failures\": 5}"), "X-Consul-Token", apiWriter);

      assertThat(otherService.statusCode()).isEqualTo(403);
      assertThat(acl.discovery.passiveHealth().failuresReported()).isZero();
      assertThat(acl.discovery.passiveHealth().batchesRefused()).isZero();
      assertThat(acl.discovery.passiveHealth().breaker("web-1").map(BreakerStatus::consecutiveFailures).orElse(0L))
          .isZero();
      assertThat(acl.discovery.index()).isEqualTo(before);
      HttpResponse<String> own = acl.send("PUT", "/v1/signpost/instance/api-1/outcomes",
          BodyPublishers.ofString("{\"Failures\": 1}"), "X-Consul-Token", apiWriter);
      assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    }
  }

  // ---- the share ----

  @ParameterizedTest(name = "{0} instances")
  @ValueSource(ints = {2, 3, 4})
  void reportsFloodingEveryInstanceTakeOutAtMostHalfAndNeverTheLast(int n) {
    for (int k = 4; k <= n; k++) {
      api.register("{\"ID\": \"web-" + k + "\", \"Name\": \"web\", \"Address\": \"10.0.0." + k + "\", \"Port\": 80}");
    }
    if (n == 2) {
      api.discovery.deregister("web-3").toCompletableFuture().join();
    }
    clock.runDue();
    String tenRefused = "[" + String.join(",", Collections.nCopies(10, "{\"Code\": 0}")) + "]";

    for (int round = 0; round < 5; round++) {
      for (int k = 1; k <= n; k++) {
        String path = "/v1/signpost/instance/web-" + k + "/outcomes";
        api.json(api.put(path, "{\"Failures\": 1000}"));
        api.json(api.put(path, tenRefused));
        api.json(api.put(path, "{\"Successes\": 1, \"Failures\": 999}"));
      }
      clock.runDue();

      long critical = 0;
      for (JsonNode check : api.getJson("/v1/health/checks/web")) {
        critical += check.get("Status").asText().equals("critical") ? 1 : 0;
      }
      assertThat(critical).as("round %d", round).isEqualTo(n / 2);
      assertThat(api.discovery.serving("web").instances()).as("round %d", round).hasSize(n - n / 2);
      clock.advance(Duration.ofSeconds(31)); // the ejected come back half-open, to fail again
    }
  }
}
