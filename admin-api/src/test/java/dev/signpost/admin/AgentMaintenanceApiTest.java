package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.InstanceHealth;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentMaintenanceApiTest {

  private final ApiFixture api = new ApiFixture();

  @BeforeEach
  void registerTwoInstances() {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\"}");
    api.register("{\"ID\": \"w2\", \"Name\": \"web\"}");
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void enablingMaintenanceTakesTheInstanceToMaintenanceWithItsReason() {
    api.putOk("/v1/agent/service/maintenance/w1?enable=true&reason=kernel%20upgrade", "");

    assertThat(api.discovery.instance("w1").orElseThrow().status()).isEqualTo(HealthStatus.MAINTENANCE);
    assertThat(api.discovery.instance("w1").orElseThrow().health().maintenance()).hasValue("kernel upgrade");
    JsonNode check = api.getJson("/v1/agent/checks").get("_service_maintenance:w1");
    assertThat(check.get("Name").asText()).isEqualTo("Service Maintenance Mode");
    assertThat(check.get("Notes").asText()).isEqualTo("kernel upgrade");
    assertThat(check.get("Status").asText()).isEqualTo("critical");
  }

  @Test
  void maintenanceWithoutAReasonTakesConsulsDefaultNote() {
    api.putOk("/v1/agent/service/maintenance/w1?enable=true", "");

    assertThat(api.getJson("/v1/agent/checks").at("/_service_maintenance:w1/Notes").asText())
        .isEqualTo(InstanceHealth.DEFAULT_MAINTENANCE_REASON);
  }

  @Test
  void disablingMaintenancePutsTheInstanceBack() {
    api.putOk("/v1/agent/service/maintenance/w1?enable=true", "");

    api.putOk("/v1/agent/service/maintenance/w1?enable=false", "");

    assertThat(api.discovery.instance("w1").orElseThrow().status()).isEqualTo(HealthStatus.PASSING);
    assertThat(api.discovery.instance("w1").orElseThrow().health().maintenance()).isEqualTo(Optional.empty());
    assertThat(api.getJson("/v1/agent/checks").has("_service_maintenance:w1")).isFalse();
    assertThat(api.getJson("/v1/health/service/web?passing")).hasSize(2);
  }

  @Test
  void enableIsRequired() {
    HttpResponse<String> response = api.put("/v1/agent/service/maintenance/w1?reason=later", "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Missing value for enable");
    HttpResponse<String> empty = api.put("/v1/agent/service/maintenance/w1?enable=", "");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).as("an empty value is missing too, as in Consul").isEqualTo("Missing value for enable");
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "yes"})
  void enableMustBeTrueOrFalse(String value) {
    HttpResponse<String> response = api.put("/v1/agent/service/maintenance/w1?enable=" + value, "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("enable must be true or false, got \"" + value + "\"");
    assertThat(api.discovery.instance("w1").orElseThrow().status()).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void maintenanceOfAnUnknownIdIs404() {
    HttpResponse<String> response = api.put("/v1/agent/service/maintenance/ghost?enable=true", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Unknown service ID \"ghost\"");
  }
}
