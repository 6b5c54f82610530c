package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.SignpostVersion;
import dev.signpost.core.health.ManualScheduler;
import dev.signpost.core.health.ProbeResult;
import dev.signpost.core.storage.Change;
import dev.signpost.core.storage.RegistryStore;
import dev.signpost.core.storage.StoreException;
import dev.signpost.core.storage.StoredState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentSelfAndStatusApiTest {

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void agentSelfDescribesTheNodeAndCountsTheRegistry() {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\"}");
    // A TTL check starts critical, as in Consul, until its first heartbeat.
    api.register("{\"ID\": \"w2\", \"Name\": \"web\", \"Check\": {\"TTL\": \"5m\"}}");
    api.register("{\"ID\": \"d1\", \"Name\": \"db\"}");

    JsonNode self = api.getJson("/v1/agent/self");

    assertThat(fieldNames(self)).containsExactly("Config", "Member", "Meta", "Stats");
    JsonNode config = self.get("Config");
    assertThat(config.get("Datacenter").asText()).isEqualTo("dc1");
    assertThat(config.get("NodeName").asText()).isEqualTo(ApiFixture.NODE);
    assertThat(config.get("NodeID").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(config.get("Server").asBoolean()).isTrue();
    assertThat(config.has("Revision")).isTrue();
    assertThat(config.get("Version").asText()).isEqualTo(SignpostVersion.current()).doesNotContain("${");
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
  void agentSelfSaysWhyTheStoreRefusesWrites() {
    RegistryStore failing = refusing(new StoreException("no space left on device"));
    try (ApiFixture broken = new ApiFixture(ServiceDiscovery.builder().store(failing).build())) {
      assertThat(broken.getJson("/v1/agent/self").at("/Stats/signpost/store").asText())
          .isEqualTo("failing: no space left on device");
    }
  }

  @ParameterizedTest
  @CsvSource({"NO_SPACE, 507", "UNAVAILABLE, 503", "OTHER, 500"})
  void aWriteTheStoreRefusesSaysWhyAndWhenToRetryAndChangesNothing(StoreException.Kind kind, int status)
      throws Exception {
    StoreException refusal = new StoreException("journal store in /data cannot write: No space left on device",
        null, kind, kind == StoreException.Kind.OTHER ? null : Duration.ofMillis(400));
    try (ApiFixture full = new ApiFixture(ServiceDiscovery.builder().store(refusing(refusal)).build())) {
      HttpResponse<String> r = full.putAsync("/v1/agent/service/register",
          "{\"ID\": \"web-1\", \"Name\": \"web\"}").get(5, TimeUnit.SECONDS);

      assertThat(r.statusCode()).isEqualTo(status);
      assertThat(r.body()).contains("nothing was changed", "No space left on device");
      assertThat(r.headers().firstValue("Retry-After"))
          .isEqualTo(kind == StoreException.Kind.OTHER ? Optional.empty() : Optional.of("1"));
      assertThat(full.discovery.instances()).isEmpty();
    }
  }

  @Test
  void agentSelfStatsCountTheHealthEngineAndFailOpenServices() {
    ManualScheduler clock = new ManualScheduler();
    ServiceDiscovery discovery = ServiceDiscovery.builder()
        .healthScheduler(clock)
        .healthFilter(new HealthFilter(false, true))
        .probe(check -> CompletableFuture.completedFuture(ProbeResult.of(new CheckState(HealthStatus.CRITICAL, "connection refused"))))
        .build();
    try (ApiFixture engine = new ApiFixture(discovery)) {
      engine.register("""
          {"ID": "w1", "Name": "web",
           "Check": {"HTTP": "http://127.0.0.1:9/", "Interval": "100ms", "Status": "passing"}}""");

      clock.runDue(); // a new HTTP check's first probe runs at once

      JsonNode stats = engine.getJson("/v1/agent/self").at("/Stats/signpost");
      assertThat(Long.parseLong(stats.get("checks_run").asText())).isPositive();
      assertThat(Long.parseLong(stats.get("check_failures").asText())).isPositive();
      assertThat(stats.get("services_failing_open").asText()).isEqualTo("1");
    }
  }

  @Test
  void agentSelfStatsGiveEachInstancesStatusById() {
    api.register("{\"ID\": \"up\", \"Name\": \"web\"}");
    api.register("{\"ID\": \"down\", \"Name\": \"web\", \"Check\": {\"TTL\": \"5m\"}}");
    api.register("{\"ID\": \"resting\", \"Name\": \"db\"}");
    api.putOk("/v1/agent/service/maintenance/resting?enable=true", "");

    JsonNode stats = api.getJson("/v1/agent/self").get("Stats");

    assertThat(fieldNames(stats)).containsExactly("signpost", "signpost_cluster", "signpost_instance_status");
    JsonNode statuses = stats.get("signpost_instance_status");
    assertThat(fieldNames(statuses)).containsExactly("down", "resting", "up");
    assertThat(statuses.get("up").asText()).isEqualTo("passing");
    assertThat(statuses.get("down").asText()).isEqualTo("critical");
    assertThat(statuses.get("resting").asText()).isEqualTo("maintenance");
    JsonNode counts = stats.get("signpost");
    assertThat(fieldNames(counts)).contains("services_failing_open", "checks_run", "check_failures");
    assertThat(counts.get("services_failing_open").asText()).isEqualTo("0");
    assertThat(counts.get("instances_maintenance").asText()).isEqualTo("1");
    assertThat(counts.get("store").asText()).isEqualTo("healthy");
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

  /** A store that refuses every write with {@code refusal} and says it fails for that reason, as on a full disk. */
  private static RegistryStore refusing(StoreException refusal) {
    return new RegistryStore() {
      @Override
      public StoredState load() {
        return StoredState.EMPTY;
      }

      @Override
      public CompletionStage<Void> append(Change change) {
        throw refusal;
      }

      @Override
      public boolean wantsCompaction() {
        return false;
      }

      @Override
      public void compact(StoredState state) {}

      @Override
      public Optional<String> failure() {
        return Optional.of(refusal.getMessage());
      }

      @Override
      public void close() {}
    };
  }
}
