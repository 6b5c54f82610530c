package dev.signpost.admin;

import dev.signpost.core.HealthStatus;
import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentSelfAndStatusApiTest {

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void agentSelfDescribesTheNodeAndCountsTheRegistry() {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\"}");
    api.register("{\"ID\": \"w2\", \"Name\": \"web\", \"Check\": {\"TTL\": \"10s\"}}");
    api.discovery.register(api.discovery.instance("w2").orElseThrow().withStatus(HealthStatus.CRITICAL))
        .toCompletableFuture().join();
    api.register("{\"ID\": \"d1\", \"Name\": \"db\"}");

    JsonNode self = api.getJson("/v1/agent/self");

    assertThat(fieldNames(self)).containsExactly("Config", "Member", "Meta", "Stats");
    JsonNode config = self.get("Config");
    assertThat(config.get("Datacenter").asText()).isEqualTo("dc1");
    assertThat(config.get("NodeName").asText()).isEqualTo(ApiFixture.NODE);
    assertThat(config.get("NodeID").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(config.get("Server").asBoolean()).isTrue();
    assertThat(config.has("Revision")).isTrue();
    assertThat(config.get("Version").asText()).isNotEmpty();
    JsonNode member = self.get("Member");
    assertThat(member.get("Name").asText()).isEqualTo(ApiFixture.NODE);
    assertThat(member.get("Addr").asText()).isEqualTo("127.0.0.1");
    assertThat(member.get("Status").asInt()).isEqualTo(1);
    assertThat(member.at("/Tags/dc").asText()).isEqualTo("dc1");
    JsonNode stats = self.at("/Stats/signpost");
    assertThat(stats.get("services").asText()).isEqualTo("2");
    assertThat(stats.get("instances").asText()).isEqualTo("3");
    assertThat(stats.get("instances_passing").asText()).isEqualTo("2");
    assertThat(stats.get("instances_critical").asText()).isEqualTo("1");
    assertThat(stats.get("instances_warning").asText()).isEqualTo("0");
    assertThat(stats.get("instances_maintenance").asText()).isEqualTo("0");
    assertThat(stats.get("index").asText()).isEqualTo(Long.toString(api.discovery.index()));
  }

  @Test
  void nodeIdIsStableForANodeName() {
    String first = api.getJson("/v1/agent/self").at("/Config/NodeID").asText();
    try (ApiFixture other = new ApiFixture()) {
      assertThat(other.getJson("/v1/agent/self").at("/Config/NodeID").asText()).isEqualTo(first);
    }
  }

  @Test
  void leaderIsTheAddressTheClientReachedAsAJsonString() {
    HttpResponse<String> response = api.get("/v1/status/leader");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("\"127.0.0.1:" + api.server.address().getPort() + "\"");
  }

  @Test
  void peersListTheOneServer() {
    JsonNode peers = api.getJson("/v1/status/peers");

    assertThat(peers).hasSize(1);
    assertThat(peers.get(0).asText()).isEqualTo("127.0.0.1:" + api.server.address().getPort());
  }
}
