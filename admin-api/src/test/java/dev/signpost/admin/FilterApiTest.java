package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ?filter=} on each endpoint Consul filters, and nowhere else. */
class FilterApiTest {

  private final ApiFixture api = new ApiFixture();

  @BeforeEach
  void register() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Tags": ["primary", "v2"], "Meta": {"version": "2"}, "Port": 8080,
         "Check": {"CheckID": "web-1-ttl", "TTL": "5m", "Status": "passing"}}""");
    api.register("""
        {"ID": "web-2", "Name": "web", "Tags": ["secondary"], "Meta": {"version": "1"}, "Port": 8081,
         "Check": {"CheckID": "web-2-ttl", "TTL": "5m", "Status": "critical"}}""");
    api.register("""
        {"ID": "db-1", "Name": "db", "Port": 5432,
         "Check": {"CheckID": "db-1-ttl", "TTL": "5m", "Status": "passing"}}""");
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void healthServiceKeepsTheEntriesWhoseServiceMetaMatches() {
    JsonNode entries = api.getJson("/v1/health/service/web" + filter("Service.Meta.version == \"2\""));

    assertThat(serviceIds(entries)).containsExactly("web-1");
  }

  @Test
  void healthServiceKeepsTheEntriesWhoseServiceHasTheTag() {
    JsonNode entries = api.getJson("/v1/health/service/web" + filter("\"primary\" in Service.Tags"));

    assertThat(serviceIds(entries)).containsExactly("web-1");
  }

  @Test
  void healthServiceFiltersOnAnyOfAnEntrysChecks() {
    JsonNode entries = api.getJson("/v1/health/service/web" + filter("Checks.Status == critical"));

    assertThat(serviceIds(entries)).containsExactly("web-2");
  }

  @Test
  void filterCombinesWithTheOtherParametersOfTheEndpoint() {
    JsonNode entries = api.getJson("/v1/health/service/web" + filter("Service.Port != 8080") + "&passing");

    assertThat(entries).isEmpty();
  }

  @Test
  void agentServicesFiltersEachServiceOfTheMap() {
    JsonNode services = api.getJson("/v1/agent/services" + filter("Service == web and Meta.version != \"2\""));

    assertThat(fieldNames(services)).containsExactly("web-2");
    assertThat(services.get("web-2").get("Port").asInt()).isEqualTo(8081);
  }

  @Test
  void agentChecksFiltersEachCheckOfTheMap() {
    JsonNode checks = api.getJson("/v1/agent/checks" + filter("ServiceName == web and Status == passing"));

    assertThat(fieldNames(checks)).containsExactly("web-1-ttl");
  }

  @Test
  void catalogServiceFiltersOnTheServiceFields() {
    JsonNode instances = api.getJson("/v1/catalog/service/web" + filter("ServiceMeta.version == \"1\""));

    assertThat(instances).hasSize(1);
    assertThat(instances.get(0).get("ServiceID").asText()).isEqualTo("web-2");
  }

  @Test
  void catalogNodesFiltersOnTheNodeFields() {
    assertThat(api.getJson("/v1/catalog/nodes" + filter("Node == \"" + ApiFixture.NODE + "\""))).hasSize(1);
    assertThat(api.getJson("/v1/catalog/nodes" + filter("Node matches \"^other-\""))).isEmpty();
  }

  @Test
  void healthChecksFiltersTheServicesChecks() {
    JsonNode checks = api.getJson("/v1/health/checks/web" + filter("Status != passing"));

    assertThat(checks).hasSize(1);
    assertThat(checks.get(0).get("CheckID").asText()).isEqualTo("web-2-ttl");
  }

  @Test
  void healthStateFiltersTheChecksInThatState() {
    JsonNode checks = api.getJson("/v1/health/state/passing" + filter("ServiceName == db"));

    assertThat(checks).hasSize(1);
    assertThat(checks.get(0).get("CheckID").asText()).isEqualTo("db-1-ttl");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/v1/agent/services", "/v1/agent/checks", "/v1/catalog/services", "/v1/catalog/service/web",
      "/v1/catalog/nodes", "/v1/health/service/web", "/v1/health/checks/web", "/v1/health/state/any"})
  void malformedFilterGets400NamingWhereItIsWrong(String path) {
    HttpResponse<String> response = api.get(path + filter("Service.ID =="));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("filter: 1:14: expected a value after \"==\", found the end of the filter");
  }

  @Test
  void unknownSelectorGets400EvenWhenThereIsNothingToFilter() {
    HttpResponse<String> response = api.get("/v1/catalog/service/nosuch" + filter("ServiceFoo == 1"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("filter: 1:1: Selector \"ServiceFoo\" is not valid");
  }

  @Test
  void emptyFilterIsNoFilter() {
    assertThat(api.getJson("/v1/health/service/web?filter=")).hasSize(2);
  }

  @Test
  void catalogServicesGroupsOnlyTheInstancesThatMatch() {
    JsonNode tagged = api.json(api.get("/v1/catalog/services" + filter("ServiceMeta.version == \"2\"")));
    assertThat(fieldNames(tagged)).containsExactly("web");
    assertThat(tagged.get("web").toString()).as("web-2's tag left out").isEqualTo("[\"primary\",\"v2\"]");

    JsonNode untagged = api.json(api.get("/v1/catalog/services" + filter("ServiceTags is empty")));
    assertThat(fieldNames(untagged)).containsExactly("db");
    assertThat(api.get("/v1/catalog/services" + filter("Service.Meta.version == 2")).body())
        .isEqualTo("filter: 1:1: Selector \"Service\" is not valid");
  }

  @Test
  void endpointsConsulDoesNotFilterIgnoreTheParameter() {
    HttpResponse<String> response = api.get("/v1/catalog/datacenters" + filter("this is not a filter"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.json(response).get(0).asText()).isEqualTo("dc1");
  }

  @Test
  void blockingQueryWithABadFilterFailsAtOnceInsteadOfWaiting() throws Exception {
    long index = ApiFixture.consulIndex(api.get("/v1/health/service/web"));

    HttpResponse<String> response = api.getAsync("/v1/health/service/web?index=" + index + "&wait=10m&"
        + filter("Foo == 1").substring(1)).get(10, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("filter: 1:1: Selector \"Foo\" is not valid");
  }

  @Test
  void blockingQueryFiltersTheAnswerItWakesWith() throws Exception {
    long index = ApiFixture.consulIndex(api.get("/v1/health/service/web"));

    CompletableFuture<HttpResponse<String>> poll = api.getAsync("/v1/health/service/web?index=" + index
        + "&wait=30s&" + filter("Service.Tags contains canary").substring(1));
    api.register("{\"ID\": \"web-3\", \"Name\": \"web\", \"Tags\": [\"canary\"]}");
    HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);

    assertThat(ApiFixture.consulIndex(response)).isGreaterThan(index);
    assertThat(serviceIds(api.json(response))).containsExactly("web-3");
  }

  /** {@code ?filter=...}, encoded as Go's url.Values and curl's --data-urlencode do. */
  private static String filter(String expression) {
    return "?filter=" + URLEncoder.encode(expression, StandardCharsets.UTF_8);
  }

  private static List<String> serviceIds(JsonNode entries) {
    List<String> ids = new ArrayList<>();
    entries.forEach(entry -> ids.add(entry.get("Service").get("ID").asText()));
    return ids;
  }
}
