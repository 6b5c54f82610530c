package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.core.ServiceDiscovery;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /v1/signpost/explain}'s HTTP side, with an explainer that answers from a table: the parameters'
 * defaults and 400s, the ACL needs, and the JSON's field names.
 */
class ExplainApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The last question asked: name, type, client. */
  private final AtomicReference<List<String>> asked = new AtomicReference<>();

  private final AnswerExplainer explainer = (name, type, client) -> {
    asked.set(List.of(name, type, client.getHostAddress()));
    if (name.contains("..")) {
      throw new IllegalArgumentException("empty label");
    }
    boolean web = name.startsWith("web.");
    return new AnswerExplanation(name, type, client.getHostAddress(), Optional.of("east"),
        web ? "Service" : "OutOfZone", web ? Map.of("Service", "web", "Tags", "") : Map.of(),
        web ? "answered" : "not authoritative: forwarded", web ? Optional.of("NOERROR") : Optional.empty(),
        web ? Optional.of("web") : Optional.empty(),
        web ? Optional.of(new AnswerExplanation.Policy("round-robin", 30, 0)) : Optional.empty(), false,
        web ? List.of(new AnswerExplanation.Candidate("web-1", "10.0.0.1", 80, "passing", true, "passing", 1, 1),
            new AnswerExplanation.Candidate("web-2", "10.0.0.2", 80, "critical", false, "check c critical: down", 0,
                0)) : List.of(),
        web ? List.of("web-1") : List.of(), web ? List.of("web.service.local.\t30\tIN\tA\t10.0.0.1") : List.of(),
        List.of(), List.of(), web ? "round-robin: this explanation took the service's turn" : "");
  };

  private final ServerOperations operations = new ServerOperations() {
    @Override
    public String scrapeMetrics() {
      return "";
    }

    @Override
    public CompletionStage<String> reloadZones() {
      return CompletableFuture.completedFuture("");
    }

    @Override
    public Optional<AnswerExplainer> explainer() {
      return Optional.of(explainer);
    }
  };

  @Test
  void anExplanationIsServedWithPascalCaseFields() throws Exception {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), operations, AclConfig.DISABLED)) {
      HttpResponse<String> response = api.get("/v1/signpost/explain?name=web.service.local&type=srv&client=10.1.2.3");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(asked.get()).containsExactly("web.service.local", "SRV", "10.1.2.3");
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("Form").asText()).isEqualTo("Service");
      assertThat(body.get("Parts").get("Service").asText()).isEqualTo("web");
      assertThat(body.get("Policy").get("Strategy").asText()).isEqualTo("round-robin");
      assertThat(body.get("Policy").get("TTL").asLong()).isEqualTo(30);
      assertThat(body.get("Instances").get(0).get("ID").asText()).isEqualTo("web-1");
      assertThat(body.get("Instances").get(0).get("Position").asInt()).isEqualTo(1);
      assertThat(body.get("Instances").get(1).get("Answered").asBoolean()).isFalse();
      assertThat(body.get("Instances").get(1).get("Reason").asText()).isEqualTo("check c critical: down");
      assertThat(body.get("Instances").get(1).get("Position").isNull()).isTrue();
      assertThat(body.get("Order").get(0).asText()).isEqualTo("web-1");
      assertThat(body.get("Answer").get(0).asText()).isEqualTo("web.service.local.\t30\tIN\tA\t10.0.0.1");
      assertThat(body.get("Rcode").asText()).isEqualTo("NOERROR");
    }
  }

  @Test
  void theTypeDefaultsToAAndTheClientToTheCaller() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), operations, AclConfig.DISABLED)) {
      assertThat(api.get("/v1/signpost/explain?name=web.service.local").statusCode()).isEqualTo(200);

      assertThat(asked.get()).containsExactly("web.service.local", "A", "127.0.0.1");
    }
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "''                                                | name is missing",
      "?type=A                                           | name is missing",
      "?name=                                            | name is missing",
      "?name=web.service.local&type=MX                   | type 'MX' is not one of A, AAAA, SRV, TXT, PTR, ANY",
      "?name=web.service.local&client=db.example.org     | client 'db.example.org' is not an IP address",
      "?name=web.service.local&client=10.1.2             | client '10.1.2' is not an IP address",
      "?name=a..b                                        | name 'a..b': empty label"})
  void invalidParametersAre400sNamingTheField(String query, String message) {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), operations, AclConfig.DISABLED)) {
      HttpResponse<String> response = api.get("/v1/signpost/explain" + query);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).startsWith(message);
    }
  }

  @Test
  void withoutADnsSideThereIsNothingToExplain() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), ServerOperations.NONE,
        AclConfig.DISABLED)) {
      assertThat(api.get("/v1/signpost/explain?name=web.service.local").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aServiceNeedsServiceReadAndAnyOtherNameOperatorRead() {
    ServiceDiscovery discovery = ApiFixture.silentProbes().build();
    try (ApiFixture api = new ApiFixture(discovery, operations, AclConfig.denyByDefault())) {
      String webReader = ApiFixture.tokenWithRules(discovery, "service \"web\" { policy = \"read\" }");
      String dbReader = ApiFixture.tokenWithRules(discovery, "service \"db\" { policy = \"read\" }");
      String operator = ApiFixture.tokenWithRules(discovery, "operator = \"read\"");

      assertThat(api.get("/v1/signpost/explain?name=web.service.local").statusCode()).isEqualTo(403);
      assertThat(api.get("/v1/signpost/explain?name=web.service.local&token=" + dbReader).statusCode())
          .isEqualTo(403);
      assertThat(api.get("/v1/signpost/explain?name=web.service.local&token=" + webReader).statusCode())
          .isEqualTo(200);
      assertThat(api.get("/v1/signpost/explain?name=example.org&token=" + webReader).statusCode()).isEqualTo(403);
      assertThat(api.get("/v1/signpost/explain?name=example.org&token=" + operator).statusCode()).isEqualTo(200);
    }
  }
}
