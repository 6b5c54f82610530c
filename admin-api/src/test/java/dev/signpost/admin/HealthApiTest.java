package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.CheckState;
import dev.signpost.core.HealthFilter;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.health.ManualScheduler;
import dev.signpost.core.health.ProbeResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthApiTest {

  private static final String HEADER = "X-Signpost-Fail-Open";
  private static final String PASSING_TTL = """
      {"ID": "w1", "Name": "web", "Check": {"CheckID": "beat", "TTL": "5m", "Status": "passing"}}""";

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void healthEntryHasConsulsNodeServiceAndChecksShape() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Tags": ["v1"], "Address": "10.0.0.1", "Port": 8080,
         "Check": {"CheckID": "web-http", "Name": "home page", "HTTP": "http://10.0.0.1:8080/",
                   "Interval": "10s", "Timeout": "2s", "Status": "passing"}}""");
    Instance stored = api.discovery.instance("web-1").orElseThrow();

    HttpResponse<String> response = api.get("/v1/health/service/web");
    JsonNode entries = api.json(response);

    assertThat(entries).hasSize(1);
    JsonNode entry = entries.get(0);
    assertThat(fieldNames(entry)).containsExactly("Node", "Service", "Checks");

    JsonNode node = entry.get("Node");
    assertThat(fieldNames(node)).containsExactly("ID", "Node", "Address", "Datacenter", "TaggedAddresses", "Meta",
        "CreateIndex", "ModifyIndex");
    assertThat(node.get("Node").asText()).isEqualTo(ApiFixture.NODE);
    assertThat(node.get("Address").asText()).isEqualTo("127.0.0.1");
    assertThat(node.get("Datacenter").asText()).isEqualTo("dc1");

    JsonNode service = entry.get("Service");
    assertThat(fieldNames(service)).containsExactly("ID", "Service", "Tags", "Meta", "Port", "Address",
        "TaggedAddresses", "Weights", "EnableTagOverride", "CreateIndex", "ModifyIndex");
    assertThat(service.get("ID").asText()).isEqualTo("web-1");
    assertThat(service.get("Address").asText()).isEqualTo("10.0.0.1");
    assertThat(service.get("ModifyIndex").asLong()).isEqualTo(stored.modifyIndex());

    JsonNode checks = entry.get("Checks");
    assertThat(checks).hasSize(2);
    JsonNode serf = checks.get(0);
    assertThat(serf.get("CheckID").asText()).isEqualTo("serfHealth");
    assertThat(serf.get("Status").asText()).isEqualTo("passing");
    assertThat(serf.get("ServiceID").asText()).isEmpty();
    JsonNode check = checks.get(1);
    assertThat(fieldNames(check)).containsExactly("Node", "CheckID", "Name", "Status", "Notes", "Output",
        "ServiceID", "ServiceName", "ServiceTags", "Type", "Interval", "Timeout", "ExposedPort", "Definition",
        "CreateIndex", "ModifyIndex");
    assertThat(check.get("Node").asText()).isEqualTo(ApiFixture.NODE);
    assertThat(check.get("CheckID").asText()).isEqualTo("web-http");
    assertThat(check.get("Name").asText()).isEqualTo("home page");
    assertThat(check.get("Status").asText()).isEqualTo("passing");
    assertThat(check.get("Output").asText()).isEmpty();
    assertThat(check.get("ServiceID").asText()).isEqualTo("web-1");
    assertThat(check.get("ServiceName").asText()).isEqualTo("web");
    assertThat(check.get("ServiceTags").get(0).asText()).isEqualTo("v1");
    assertThat(check.get("Type").asText()).isEqualTo("http");
    assertThat(check.get("Interval").asText()).isEqualTo("10s");
    assertThat(check.get("Timeout").asText()).isEqualTo("2s");
    assertThat(check.at("/Definition/HTTP").asText()).isEqualTo("http://10.0.0.1:8080/");
    assertThat(check.at("/Definition/Interval").asText()).isEqualTo("10s");
    assertThat(check.get("CreateIndex").asLong()).isEqualTo(stored.createIndex());
    assertThat(ApiFixture.consulIndex(response)).isEqualTo(api.discovery.index());
  }

  @Test
  void eachCheckShowsItsOwnStateAndOutput() {
    ManualScheduler clock = new ManualScheduler();
    try (ApiFixture probed = new ApiFixture(ServiceDiscovery.builder().healthScheduler(clock)
        .probe(check -> CompletableFuture.completedFuture(
            ProbeResult.of(new CheckState(HealthStatus.WARNING, "429 Too Many Requests"))))
        .build())) {
      probed.register("""
          {"Name": "worker", "Checks": [{"TTL": "5m"},
                                        {"HTTP": "http://127.0.0.1:9/health", "Interval": "100ms"}]}""");

      clock.runDue(); // a new HTTP check's first probe runs at once
      JsonNode checks = checks(probed, "worker");

      assertThat(checks).hasSize(3);
      assertThat(checks.get(1).get("CheckID").asText()).isEqualTo("service:worker:1");
      assertThat(checks.get(1).get("Type").asText()).isEqualTo("ttl");
      assertThat(checks.get(1).get("Status").asText()).isEqualTo("critical");
      assertThat(checks.get(1).get("Output").asText()).isEmpty();
      assertThat(checks.get(2).get("CheckID").asText()).isEqualTo("service:worker:2");
      assertThat(checks.get(2).get("Type").asText()).isEqualTo("http");
      assertThat(checks.get(2).get("Status").asText()).isEqualTo("warning");
      assertThat(checks.get(2).get("Output").asText()).isEqualTo("429 Too Many Requests");

      probed.putOk("/v1/agent/check/pass/service:worker:1?note=heartbeat%20ok", "");

      JsonNode after = checks(probed, "worker");
      assertThat(after.get(1).get("Status").asText()).isEqualTo("passing");
      assertThat(after.get(1).get("Output").asText()).isEqualTo("heartbeat ok");
      assertThat(after.get(2).get("Status").asText()).isEqualTo("warning");
    }
  }

  @Test
  void passingParameterKeepsOnlyPassingInstances() {
    api.register("{\"ID\": \"ok\", \"Name\": \"web\"}");
    api.register("{\"ID\": \"warn\", \"Name\": \"web\", \"Check\": {\"CheckID\": \"warn-ttl\", \"TTL\": \"5m\"}}");
    api.register("{\"ID\": \"down\", \"Name\": \"web\", \"Check\": {\"CheckID\": \"down-ttl\", \"TTL\": \"5m\"}}");
    api.putOk("/v1/agent/check/warn/warn-ttl", "");

    assertThat(ids(api.getJson("/v1/health/service/web"))).containsExactly("down", "ok", "warn");
    assertThat(ids(api.getJson("/v1/health/service/web?passing"))).containsExactly("ok");
    assertThat(ids(api.getJson("/v1/health/service/web?passing=true"))).containsExactly("ok");
    assertThat(ids(api.getJson("/v1/health/service/web?passing=false"))).containsExactly("down", "ok", "warn");
  }

  @Test
  void instanceInMaintenanceCarriesConsulsMaintenanceCheckAndPassingExcludesIt() {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\", \"Tags\": [\"v1\"]}");
    api.register("{\"ID\": \"w2\", \"Name\": \"web\"}");

    api.putOk("/v1/agent/service/maintenance/w1?enable=true&reason=kernel%20upgrade", "");

    JsonNode entries = api.getJson("/v1/health/service/web");
    assertThat(ids(entries)).containsExactly("w1", "w2");
    JsonNode checks = entries.get(0).get("Checks");
    assertThat(checks).hasSize(2);
    JsonNode maintenance = checks.get(1);
    assertThat(fieldNames(maintenance)).containsExactly("Node", "CheckID", "Name", "Status", "Notes", "Output",
        "ServiceID", "ServiceName", "ServiceTags", "Type", "Interval", "Timeout", "ExposedPort", "Definition",
        "CreateIndex", "ModifyIndex");
    assertThat(maintenance.get("CheckID").asText()).isEqualTo("_service_maintenance:w1");
    assertThat(maintenance.get("Name").asText()).isEqualTo("Service Maintenance Mode");
    assertThat(maintenance.get("Status").asText()).isEqualTo("critical");
    assertThat(maintenance.get("Notes").asText()).isEqualTo("kernel upgrade");
    assertThat(maintenance.get("ServiceID").asText()).isEqualTo("w1");
    assertThat(maintenance.get("ServiceName").asText()).isEqualTo("web");
    assertThat(maintenance.get("ServiceTags").get(0).asText()).isEqualTo("v1");
    assertThat(entries.get(1).get("Checks")).hasSize(1);
    assertThat(ids(api.getJson("/v1/health/service/web?passing"))).containsExactly("w2");
  }

  @Test
  void serviceFailingOpenIsFlaggedWithAHeaderUntilAnInstanceRecovers() {
    ServiceDiscovery discovery = ApiFixture.silentProbes().healthFilter(new HealthFilter(false, true)).build();
    try (ApiFixture failOpen = new ApiFixture(discovery)) {
      failOpen.register(PASSING_TTL);
      assertThat(failOpen.get("/v1/health/service/web").headers().firstValue(HEADER)).isEmpty();

      failOpen.putOk("/v1/agent/check/fail/beat", "");

      HttpResponse<String> failing = failOpen.get("/v1/health/service/web");
      assertThat(failing.headers().firstValue(HEADER)).hasValue("true");
      assertThat(ids(failOpen.json(failing))).containsExactly("w1");
      assertThat(failOpen.json(failing).get(0).get("Checks").get(1).get("Status").asText()).isEqualTo("critical");

      failOpen.putOk("/v1/agent/check/pass/beat", "");

      assertThat(failOpen.get("/v1/health/service/web").headers().firstValue(HEADER)).isEmpty();
    }
  }

  @Test
  void serviceIsNotFlaggedFailingOpenWithoutTheFailOpenPolicy() {
    api.register(PASSING_TTL);
    api.putOk("/v1/agent/check/fail/beat", "");

    assertThat(api.get("/v1/health/service/web").headers().firstValue(HEADER)).isEmpty();
  }

  @Test
  void anInvalidPassingValueIs400() {
    HttpResponse<String> response = api.get("/v1/health/service/web?passing=maybe");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("passing must be true or false, got \"maybe\"");
  }

  @Test
  void tagParametersFilterHealthEntries() {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\", \"Tags\": [\"v1\"]}");
    api.register("{\"ID\": \"w2\", \"Name\": \"web\", \"Tags\": [\"v2\"]}");

    assertThat(ids(api.getJson("/v1/health/service/web?tag=v2"))).containsExactly("w2");
    assertThat(ids(api.getJson("/v1/health/service/web?tag=v2&passing"))).containsExactly("w2");
  }

  @Test
  void unknownServiceIsAnEmptyList() {
    HttpResponse<String> response = api.get("/v1/health/service/ghost");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[]");
    assertThat(response.headers().firstValue("X-Consul-Index")).isPresent();
  }

  private static JsonNode checks(ApiFixture fixture, String service) {
    return fixture.getJson("/v1/health/service/" + service).get(0).get("Checks");
  }

  private static List<String> ids(JsonNode entries) {
    List<String> ids = new ArrayList<>();
    entries.forEach(e -> ids.add(e.at("/Service/ID").asText()));
    return ids;
  }
}
