package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.ServicePolicy;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/signpost/services}: each service's instances by status and its DNS policy as applied. */
class ServiceSummaryApiTest {

  /** A DNS side publishing under {@code service.internal.} with a 7 s TTL. */
  private static final ServerOperations DNS = new ServerOperations() {
    @Override
    public String scrapeMetrics() {
      return "";
    }

    @Override
    public CompletionStage<String> reloadZones() {
      return CompletableFuture.completedFuture("");
    }

    @Override
    public Optional<DnsSettings> dnsSettings() {
      return Optional.of(new DnsSettings("service.internal.", 7));
    }
  };

  @Test
  void eachServiceHasItsInstancesByStatusAndItsPolicyWithDefaultsFilledIn() {
    ServiceDiscovery discovery = ApiFixture.silentProbes().build();
    try (ApiFixture api = new ApiFixture(discovery, DNS)) {
      api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Tags\": [\"v1\"]}");
      api.register("{\"ID\": \"web-2\", \"Name\": \"web\", \"Tags\": [\"v2\"],"
          + " \"Check\": {\"CheckID\": \"web-2-alive\", \"TTL\": \"30s\", \"Status\": \"critical\"}}");
      api.register("{\"ID\": \"web-3\", \"Name\": \"web\"}");
      api.register("{\"ID\": \"db-1\", \"Name\": \"db\", \"Check\": {\"TTL\": \"30s\", \"Status\": \"warning\"}}");
      api.putOk("/v1/agent/service/maintenance/web-3?enable=true", "");
      discovery.setPolicy("db", new ServicePolicy("weighted", OptionalLong.of(30), 2)).toCompletableFuture().join();

      JsonNode body = api.getJson("/v1/signpost/services");

      assertThat(body.get("Domain").asText()).isEqualTo("service.internal");
      assertThat(body.get("Services")).hasSize(2);
      JsonNode db = body.at("/Services/0");
      JsonNode web = body.at("/Services/1");
      assertThat(db.toString()).isEqualTo("{\"Name\":\"db\",\"Tags\":[],\"Instances\":1,\"Passing\":0,\"Warning\":1,"
          + "\"Critical\":0,\"Maintenance\":0,\"Strategy\":\"weighted\",\"TTL\":30,\"AnswerLimit\":2,\"OwnPolicy\":true}");
      assertThat(web.toString()).isEqualTo("{\"Name\":\"web\",\"Tags\":[\"v1\",\"v2\"],\"Instances\":3,\"Passing\":1,"
          + "\"Warning\":0,\"Critical\":1,\"Maintenance\":1,\"Strategy\":\"round-robin\",\"TTL\":7,\"AnswerLimit\":0,"
          + "\"OwnPolicy\":false}");
    }
  }

  @Test
  void withoutADnsSideTheDomainAndDefaultTtlAreNull() {
    try (ApiFixture api = new ApiFixture()) {
      api.register("{\"ID\": \"web-1\", \"Name\": \"web\"}");

      JsonNode body = api.getJson("/v1/signpost/services");

      assertThat(body.get("Domain").isNull()).isTrue();
      assertThat(body.at("/Services/0/TTL").isNull()).isTrue();
    }
  }

  @Test
  void servicesTheTokenMayNotReadAreLeftOutAndTheReplySaysSo() {
    ServiceDiscovery discovery = ApiFixture.silentProbes().build();
    try (ApiFixture api = new ApiFixture(discovery, AclConfig.denyByDefault())) {
      discovery.register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of())).toCompletableFuture().join();

      var response = api.get("/v1/signpost/services");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(api.json(response).get("Services")).isEmpty();
      assertThat(response.headers().firstValue("X-Consul-Results-Filtered-By-ACLs")).hasValue("true");
    }
  }

  @Test
  void aBlockingQueryReturnsWhenAnInstanceChanges() {
    try (ApiFixture api = new ApiFixture()) {
      api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Check\": {\"CheckID\": \"c\", \"TTL\": \"30s\"}}");
      long index = ApiFixture.consulIndex(api.get("/v1/signpost/services"));
      var waiting = api.getAsync("/v1/signpost/services?index=" + index + "&wait=30s");

      api.putOk("/v1/agent/check/pass/c", "");

      assertThat(api.json(waiting.join()).at("/Services/0/Passing").asInt()).isEqualTo(1);
    }
  }
}
