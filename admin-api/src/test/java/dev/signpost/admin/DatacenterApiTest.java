package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.cluster.Member;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consul's {@code ?dc=}: our own datacenter (any case, or empty) answers as without it; another one is
 * {@code 500 No path to datacenter} on every endpoint that takes it, at once even for a blocking query; the
 * agent's endpoints are about this node and ignore it. {@code /v1/catalog/datacenters} lists ours.
 */
class DatacenterApiTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/v1/catalog/services", "/v1/catalog/service/web", "/v1/catalog/nodes",
      "/v1/health/service/web", "/v1/health/checks/web", "/v1/health/state/any", "/v1/status/leader",
      "/v1/catalog/datacenters"})
  void anotherDatacenterIsNoPathToDatacenterWhereConsulTakesDc(String path) {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build())) {
      api.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80}");

      HttpResponse<String> other = api.get(path + "?dc=dc2");
      HttpResponse<String> ours = api.get(path + "?dc=dc1");

      assertThat(other.statusCode()).isEqualTo(500);
      assertThat(other.body()).contains("No path to datacenter");
      assertThat(ours.statusCode()).isEqualTo(200);
      assertThat(ours.body()).isEqualTo(api.get(path).body());
    }
  }

  @ParameterizedTest(name = "dc={0}")
  @ValueSource(strings = {"DC1", "Dc1", ""})
  void ourDatacenterIsMatchedWithoutCaseAndAnEmptyOneMeansOurs(String dc) {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build())) {
      assertThat(api.get("/v1/catalog/services?dc=" + dc).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aBlockingQueryForAnotherDatacenterFailsAtOnceRatherThanAfterItsWait() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build())) {
      long index = Long.parseLong(api.get("/v1/catalog/services").headers().firstValue("X-Consul-Index").get());

      HttpResponse<String> other = api.get("/v1/catalog/services?dc=dc2&index=" + index + "&wait=5m");

      assertThat(other.statusCode()).isEqualTo(500);
    }
  }

  @Test
  void theAgentsEndpointsAreAboutThisNodeAndIgnoreDc() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build())) {
      api.register("{\"ID\":\"web-1\",\"Name\":\"web\",\"Address\":\"10.0.0.1\",\"Port\":80}");

      HttpResponse<String> services = api.get("/v1/agent/services?dc=dc2");

      assertThat(services.statusCode()).isEqualTo(200);
      assertThat(services.body()).contains("web-1");
    }
  }

  @Test
  void datacentersListsOursFirstThenEveryOtherMembersOnce() {
    FakeMembership cluster = new FakeMembership("b", List.of(new Member("a", "10.0.0.1", 8500, "dc1", true),
        new Member("b", "10.0.0.2", 8500, "dc1", true), new Member("c", "10.0.0.3", 8500, "dc0", true)));
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), AclConfig.DISABLED, cluster)) {
      assertThat(api.getJson("/v1/catalog/datacenters").toString()).isEqualTo("[\"dc1\",\"dc0\"]");
    }
  }
}
