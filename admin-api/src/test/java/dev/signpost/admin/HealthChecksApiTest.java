package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HealthChecksApiTest {

  private final ApiFixture api = new ApiFixture();

  /** web-1: a passing and a warning check; web-2: a critical check and maintenance; db-1: none. */
  @BeforeEach
  void registerInstancesInEveryState() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Checks": [
          {"CheckID": "w1-up", "TTL": "5m", "Status": "passing"},
          {"CheckID": "w1-slow", "TTL": "5m", "Status": "warning"}]}""");
    api.register("{\"ID\": \"web-2\", \"Name\": \"web\", \"Check\": {\"CheckID\": \"w2-down\", \"TTL\": \"5m\"}}");
    api.putOk("/v1/agent/service/maintenance/web-2?enable=true&reason=broken", "");
    api.register("{\"ID\": \"db-1\", \"Name\": \"db\"}");
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void serviceChecksListEveryCheckOfEveryInstanceInConsulsShape() {
    JsonNode checks = api.getJson("/v1/health/checks/web");

    assertThat(checkIds(checks)).containsExactly("w1-up", "w1-slow", "_service_maintenance:web-2", "w2-down");
    assertThat(fieldNames(checks.get(0))).containsExactly("Node", "CheckID", "Name", "Status", "Notes", "Output",
        "ServiceID", "ServiceName", "ServiceTags", "Type", "Interval", "Timeout", "ExposedPort", "Definition",
        "CreateIndex", "ModifyIndex");
    assertThat(checks.get(1).get("Status").asText()).isEqualTo("warning");
    assertThat(checks.get(2).get("Notes").asText()).isEqualTo("broken");
    assertThat(checks.get(3).get("ServiceID").asText()).isEqualTo("web-2");
  }

  @Test
  void serviceChecksOfAServiceWithoutChecksOrOfAnUnknownServiceAreAnEmptyList() {
    assertThat(api.getJson("/v1/health/checks/db")).isEmpty();
    HttpResponse<String> unknown = api.get("/v1/health/checks/ghost");

    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(unknown.body()).isEqualTo("[]");
  }

  @Test
  void serviceChecksIsABlockingQuery() throws Exception {
    long index = ApiFixture.consulIndex(api.get("/v1/health/checks/web"));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/health/checks/web?index=" + index + "&wait=30s");
    api.putOk("/v1/agent/check/fail/w1-slow?note=timeout", "");
    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);

    assertThat(ApiFixture.consulIndex(response)).isGreaterThan(index);
    assertThat(api.json(response).get(1).get("Status").asText()).isEqualTo("critical");
    assertThat(api.json(response).get(1).get("Output").asText()).isEqualTo("timeout");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      passing  | serfHealth w1-up
      warning  | w1-slow
      critical | _service_maintenance:web-2 w2-down
      any      | serfHealth w1-up w1-slow _service_maintenance:web-2 w2-down
      """)
  void stateListsEveryCheckInThatStateWithTheNodesOwn(String state, String expected) {
    JsonNode checks = api.getJson("/v1/health/state/" + state);

    assertThat(checkIds(checks)).containsExactly(expected.split(" "));
  }

  @Test
  void stateIsABlockingQuery() throws Exception {
    long index = ApiFixture.consulIndex(api.get("/v1/health/state/warning"));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/health/state/warning?index=" + index);
    api.putOk("/v1/agent/check/warn/w1-up", "");
    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);

    assertThat(ApiFixture.consulIndex(response)).isGreaterThan(index);
    assertThat(checkIds(api.json(response))).containsExactly("w1-up", "w1-slow");
  }

  @ParameterizedTest
  @ValueSource(strings = {"maintenance", "Passing", "healthy"})
  void anUnknownStateIs400NamingIt(String state) {
    HttpResponse<String> response = api.get("/v1/health/state/" + state);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("state must be passing, warning, critical or any, got \"" + state + "\"");
  }

  private static List<String> checkIds(JsonNode checks) {
    List<String> ids = new ArrayList<>();
    checks.forEach(c -> ids.add(c.get("CheckID").asText()));
    return ids;
  }
}
