package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentHealthApiTest {

  private final ApiFixture api = new ApiFixture();

  @BeforeEach
  void registerAnInstanceWithAPassingTtlCheck() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Port": 80,
         "Check": {"CheckID": "beat-1", "TTL": "5m", "Status": "passing"}}""");
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void passingInstanceIs200WithItsServiceAndChecks() {
    HttpResponse<String> response = api.get("/v1/agent/health/service/id/web-1");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = api.body(response);
    assertThat(fieldNames(body)).containsExactly("AggregatedStatus", "Service", "Checks");
    assertThat(body.get("AggregatedStatus").asText()).isEqualTo("passing");
    assertThat(body.at("/Service/ID").asText()).isEqualTo("web-1");
    assertThat(body.at("/Service/Service").asText()).isEqualTo("web");
    assertThat(body.at("/Service/Datacenter").asText()).isEqualTo("dc1");
    assertThat(body.get("Checks")).hasSize(1);
    assertThat(body.get("Checks").get(0).get("CheckID").asText()).isEqualTo("beat-1");
    assertThat(body.get("Checks").get(0).get("Status").asText()).isEqualTo("passing");
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({"pass, 200, passing", "warn, 429, warning", "fail, 503, critical"})
  void theHttpStatusCarriesTheInstancesAggregatedStatus(String verb, int code, String status) {
    api.putOk("/v1/agent/check/" + verb + "/beat-1", "");

    HttpResponse<String> response = api.get("/v1/agent/health/service/id/web-1");

    assertThat(response.statusCode()).isEqualTo(code);
    assertThat(api.body(response).get("AggregatedStatus").asText()).isEqualTo(status);
  }

  @Test
  void maintenanceIs503AndOutranksEveryCheck() {
    api.putOk("/v1/agent/service/maintenance/web-1?enable=true&reason=moving", "");

    HttpResponse<String> response = api.get("/v1/agent/health/service/id/web-1");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = api.body(response);
    assertThat(body.get("AggregatedStatus").asText()).isEqualTo("maintenance");
    assertThat(body.get("Checks")).extracting(c -> c.get("CheckID").asText())
        .containsExactly("_service_maintenance:web-1", "beat-1");
  }

  @Test
  void instanceWithoutChecksIsPassing() {
    api.register("{\"ID\": \"bare\", \"Name\": \"bare\"}");

    HttpResponse<String> response = api.get("/v1/agent/health/service/id/bare");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.body(response).get("Checks")).isEmpty();
  }

  @Test
  void unknownIdIs404WithConsulsCriticalEmptyAnswer() {
    HttpResponse<String> response = api.get("/v1/agent/health/service/id/ghost");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("{\"AggregatedStatus\":\"critical\",\"Service\":null,\"Checks\":null}");
  }

  @Test
  void formatTextAnswersWithTheStatusWordAlone() {
    api.putOk("/v1/agent/check/warn/beat-1", "");

    HttpResponse<String> byId = api.get("/v1/agent/health/service/id/web-1?format=text");
    HttpResponse<String> byName = api.get("/v1/agent/health/service/name/web?format=text");
    HttpResponse<String> unknownId = api.get("/v1/agent/health/service/id/ghost?format=text");
    HttpResponse<String> unknownName = api.get("/v1/agent/health/service/name/ghost?format=text");

    assertThat(byId.statusCode()).isEqualTo(429);
    assertThat(byId.body()).isEqualTo("warning");
    assertThat(byId.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(byName.statusCode()).isEqualTo(429);
    assertThat(byName.body()).isEqualTo("warning");
    assertThat(unknownId.statusCode()).isEqualTo(404);
    assertThat(unknownId.body()).isEqualTo("ServiceId ghost not found");
    assertThat(unknownName.statusCode()).isEqualTo(404);
    assertThat(unknownName.body()).isEqualTo("ServiceName ghost Not Found");
  }

  @Test
  void byNameListsEveryInstanceWithTheWorstStatusAsTheHttpStatus() {
    api.register("{\"ID\": \"web-2\", \"Name\": \"web\", \"Check\": {\"CheckID\": \"beat-2\", \"TTL\": \"5m\"}}");
    api.putOk("/v1/agent/check/warn/beat-2", "");

    HttpResponse<String> warning = api.get("/v1/agent/health/service/name/web");

    assertThat(warning.statusCode()).isEqualTo(429);
    JsonNode list = api.body(warning);
    assertThat(ids(list)).containsExactly("web-1", "web-2");
    assertThat(list.get(0).get("AggregatedStatus").asText()).isEqualTo("passing");
    assertThat(list.get(1).get("AggregatedStatus").asText()).isEqualTo("warning");

    api.putOk("/v1/agent/check/fail/beat-1", "");

    assertThat(api.get("/v1/agent/health/service/name/web").statusCode()).isEqualTo(503);

    api.putOk("/v1/agent/check/pass/beat-1", "");
    api.putOk("/v1/agent/check/pass/beat-2", "");

    assertThat(api.get("/v1/agent/health/service/name/web").statusCode()).isEqualTo(200);
  }

  @Test
  void byNameForAnUnknownServiceIs404WithAnEmptyList() {
    HttpResponse<String> response = api.get("/v1/agent/health/service/name/ghost");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("[]");
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.forEach(e -> ids.add(e.at("/Service/ID").asText()));
    return ids;
  }
}
