package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentCheckApiTest {

  private final ApiFixture api = new ApiFixture();

  @BeforeEach
  void registerAServiceWithATtlCheck() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Tags": ["v1"], "Port": 80,
         "Check": {"CheckID": "web-ttl", "Name": "heartbeat", "TTL": "5m"}}""");
  }

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void reRegisteringKeepsAChecksAddedSinceUnlessReplaceExistingChecksIsAsked() {
    api.putOk("/v1/agent/check/register", """
        {"ID": "web-extra", "Name": "extra", "ServiceID": "web-1", "TTL": "5m"}""");
    String definition = """
        {"ID": "web-1", "Name": "web", "Port": 80, "Check": {"CheckID": "web-ttl", "TTL": "5m"}}""";
    api.register(definition);
    assertThat(ApiFixture.fieldNames(api.getJson("/v1/agent/checks"))).containsExactly("web-extra", "web-ttl");

    api.putOk("/v1/agent/service/register?replace-existing-checks", definition);
    assertThat(ApiFixture.fieldNames(api.getJson("/v1/agent/checks"))).containsExactly("web-ttl");
  }

  @Test
  void deregisteringTheMaintenanceCheckEndsMaintenance() {
    api.putOk("/v1/agent/service/maintenance/web-1?enable=true&reason=patching", "");
    assertThat(status("web-1")).isEqualTo(HealthStatus.MAINTENANCE);

    api.putOk("/v1/agent/check/deregister/_service_maintenance:web-1", "");

    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
    assertThat(api.put("/v1/agent/check/deregister/_service_maintenance:web-1", "").statusCode()).isEqualTo(404);
  }

  @Test
  void ttlCheckPassesWithItsNoteAsOutputAndTheHealthEndpointsShowIt() {
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);

    api.putOk("/v1/agent/check/pass/web-ttl?note=all%20good", "");

    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
    JsonNode fromHealth = api.getJson("/v1/health/service/web?passing").get(0).get("Checks").get(1);
    assertThat(fromHealth.get("CheckID").asText()).isEqualTo("web-ttl");
    assertThat(fromHealth.get("Status").asText()).isEqualTo("passing");
    assertThat(fromHealth.get("Output").asText()).isEqualTo("all good");
    JsonNode fromChecks = api.getJson("/v1/health/checks/web").get(0);
    assertThat(fromChecks.get("Status").asText()).isEqualTo("passing");
    assertThat(fromChecks.get("Output").asText()).isEqualTo("all good");
    JsonNode fromAgent = api.getJson("/v1/agent/checks").get("web-ttl");
    assertThat(fromAgent.get("Status").asText()).isEqualTo("passing");
    assertThat(fromAgent.get("Output").asText()).isEqualTo("all good");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"pass, passing", "warn, warning", "fail, critical"})
  void eachHeartbeatSetsItsStateAndAnAbsentNoteLeavesNoOutput(String verb, String state) {
    api.putOk("/v1/agent/check/warn/web-ttl?note=earlier", "");

    api.putOk("/v1/agent/check/" + verb + "/web-ttl", "");

    JsonNode check = api.getJson("/v1/agent/checks").get("web-ttl");
    assertThat(check.get("Status").asText()).isEqualTo(state);
    assertThat(check.get("Output").asText()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pass", "warn", "fail"})
  void heartbeatForAnUnknownCheckIs404(String verb) {
    HttpResponse<String> response = api.put("/v1/agent/check/" + verb + "/ghost", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Unknown check ID \"ghost\"");
  }

  @Test
  void heartbeatForAnHttpCheckIs400WithCoresMessage() {
    registerHttpCheck();

    HttpResponse<String> pass = api.put("/v1/agent/check/pass/web-http", "");
    HttpResponse<String> update = api.put("/v1/agent/check/update/web-http", "{\"Status\": \"passing\"}");

    assertThat(pass.statusCode()).isEqualTo(400);
    assertThat(pass.body())
        .isEqualTo("check 'web-http' is an HTTP check: only TTL checks take pass, warn, fail and update");
    assertThat(update.statusCode()).isEqualTo(400);
    assertThat(update.body()).isEqualTo(pass.body());
    assertThat(api.discovery.instance("web-1").orElseThrow().checkState("web-http").orElseThrow().status())
        .isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void updateSetsStatusAndOutput() {
    api.putOk("/v1/agent/check/update/web-ttl", "{\"Status\": \"warning\", \"Output\": \"disk 91% full\"}");

    JsonNode check = api.getJson("/v1/agent/checks").get("web-ttl");
    assertThat(check.get("Status").asText()).isEqualTo("warning");
    assertThat(check.get("Output").asText()).isEqualTo("disk 91% full");
    assertThat(status("web-1")).isEqualTo(HealthStatus.WARNING);
  }

  @Test
  void updateWithoutOutputLeavesNoOutput() {
    api.putOk("/v1/agent/check/update/web-ttl", "{\"Status\": \"passing\"}");

    assertThat(api.getJson("/v1/agent/checks").at("/web-ttl/Output").asText()).isEmpty();
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"Status": "ok"}                  | Status must be passing, warning or critical, got "ok"
      {"Status": "maintenance"}         | Status must be passing, warning or critical, got "maintenance"
      {"Status": "PASSING"}             | Status must be passing, warning or critical, got "PASSING"
      {"Output": "fine"}                | Status is missing: expected passing, warning or critical
      {"Status": 1}                     | Status: expected a string, got a number
      ''                                | request body is empty: expected {"Status": ..., "Output": ...}
      """)
  void updateWithABadStatusIs400NamingTheFieldAndValue(String body, String message) {
    HttpResponse<String> response = api.put("/v1/agent/check/update/web-ttl", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(message);
    assertThat(status("web-1")).isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void updateOfAnUnknownCheckIs404() {
    HttpResponse<String> response = api.put("/v1/agent/check/update/ghost", "{\"Status\": \"passing\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Unknown check ID \"ghost\"");
  }

  @Test
  void agentChecksMapsEveryCheckIdToItsCheckInConsulsShape() {
    registerHttpCheck();
    api.register("{\"ID\": \"db-1\", \"Name\": \"db\"}");
    api.putOk("/v1/agent/service/maintenance/db-1?enable=true", "");
    Instance web = api.discovery.instance("web-1").orElseThrow();

    HttpResponse<String> response = api.get("/v1/agent/checks");
    JsonNode checks = api.json(response);

    assertThat(fieldNames(checks)).containsExactly("_service_maintenance:db-1", "web-http", "web-ttl");
    JsonNode ttl = checks.get("web-ttl");
    assertThat(fieldNames(ttl)).containsExactly("Node", "CheckID", "Name", "Status", "Notes", "Output",
        "ServiceID", "ServiceName", "ServiceTags", "Type", "Interval", "Timeout", "ExposedPort", "Definition",
        "CreateIndex", "ModifyIndex");
    assertThat(ttl.get("Node").asText()).isEqualTo(ApiFixture.NODE);
    assertThat(ttl.get("Name").asText()).isEqualTo("heartbeat");
    assertThat(ttl.get("Status").asText()).isEqualTo("critical");
    assertThat(ttl.get("ServiceID").asText()).isEqualTo("web-1");
    assertThat(ttl.get("ServiceName").asText()).isEqualTo("web");
    assertThat(ttl.get("ServiceTags").get(0).asText()).isEqualTo("v1");
    assertThat(ttl.get("Type").asText()).isEqualTo("ttl");
    assertThat(ttl.at("/Definition/TTL").asText()).isEqualTo("5m0s");
    assertThat(ttl.get("ModifyIndex").asLong()).isEqualTo(web.modifyIndex());
    JsonNode http = checks.get("web-http");
    assertThat(http.get("Type").asText()).isEqualTo("http");
    assertThat(http.get("Interval").asText()).isEqualTo("10s");
    assertThat(http.at("/Definition/HTTP").asText()).isEqualTo("http://127.0.0.1:80/health");
    assertThat(checks.at("/_service_maintenance:db-1/Status").asText()).isEqualTo("critical");
    assertThat(checks.has("serfHealth")).isFalse();
    assertThat(ApiFixture.consulIndex(response)).isEqualTo(api.discovery.index());
  }

  @Test
  void registerAddsACheckWhoseIdDefaultsToItsName() {
    api.putOk("/v1/agent/check/register", """
        {"Name": "disk", "ServiceID": "web-1", "TTL": "1m", "Notes": "df -h /"}""");

    CheckSpec disk = api.discovery.instance("web-1").orElseThrow().check("disk").orElseThrow();
    assertThat(disk.name()).isEqualTo("disk");
    assertThat(disk.notes()).isEqualTo("df -h /");
    assertThat(disk.ttl()).isEqualTo(Duration.ofMinutes(1));
    JsonNode check = api.getJson("/v1/agent/checks").get("disk");
    assertThat(check.get("ServiceID").asText()).isEqualTo("web-1");
    assertThat(check.get("ServiceName").asText()).isEqualTo("web");
    assertThat(check.get("Status").asText()).isEqualTo("critical");
  }

  @Test
  void registerTakesConsulsIdAndSnakeCaseServiceId() {
    api.putOk("/v1/agent/check/register", """
        {"ID": "mem", "Name": "Memory", "service_id": "web-1", "TTL": "1m", "Status": "passing"}""");

    JsonNode check = api.getJson("/v1/agent/checks").get("mem");
    assertThat(check.get("Name").asText()).isEqualTo("Memory");
    assertThat(check.get("ServiceID").asText()).isEqualTo("web-1");
    assertThat(check.get("Status").asText()).isEqualTo("passing");
  }

  @Test
  void reRegisteringACheckIdOnItsInstanceReplacesTheDefinition() {
    api.putOk("/v1/agent/check/register", """
        {"ID": "disk", "Name": "disk", "ServiceID": "web-1", "TTL": "1m"}""");

    api.putOk("/v1/agent/check/register", """
        {"ID": "disk", "Name": "disk space", "ServiceID": "web-1", "TCP": "127.0.0.1:22", "Interval": "30s"}""");

    Instance web = api.discovery.instance("web-1").orElseThrow();
    assertThat(web.checks()).extracting(CheckSpec::checkId).containsExactly("web-ttl", "disk");
    CheckSpec disk = web.check("disk").orElseThrow();
    assertThat(disk.name()).isEqualTo("disk space");
    assertThat(disk.kind()).isEqualTo(CheckSpec.Kind.TCP);
    assertThat(disk.interval()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"ServiceID": "web-1", "TTL": "1m"}                              | Name is missing
      {"Name": "", "ServiceID": "web-1", "TTL": "1m"}                  | Name is missing
      {"Name": "disk", "TTL": "1m"}                                    | ServiceID is missing: Signpost attaches every check to a service instance and has no node-level checks
      {"Name": "disk", "ServiceID": "ghost", "TTL": "1m"}              | ServiceID "ghost" does not exist
      {"Name": "disk", "ServiceID": "web-1"}                           | Check must set exactly one of HTTP, TCP or TTL
      {"Name": "disk", "ServiceID": "web-1", "HTTP": "ftp://x/", "Interval": "10s"} | Check.HTTP 'ftp://x/' must be an http:// or https:// URL
      {"Name": "disk", "ServiceID": "web-1", "HTTP": "http://x/", "Interval": "10ms"} | Check.Interval must be at least 100ms, got 10ms
      {"Name": "disk", "ServiceID": "web-1", "TTL": "1m", "Status": "fine"} | Check.Status must be passing, warning or critical, got "fine"
      {"Name": "disk", "ServiceID": "web-1", "Args": ["/bin/true"], "Interval": "10s"} | Check.Args is not supported
      {"Name": "disk", "ServiceID": "web-1", "TTL": "soon"}            | TTL: invalid duration "soon"
      {"Name": "disk", "ServiceID": 7, "TTL": "1m"}                    | ServiceID: expected a string, got a number
      ''                                                               | request body is empty: expected a check definition
      """)
  void invalidCheckRegistrationsAreRefusedWith400NamingTheProblem(String body, String message) {
    HttpResponse<String> response = api.put("/v1/agent/check/register", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains(message);
    assertThat(api.discovery.instance("web-1").orElseThrow().checks()).extracting(CheckSpec::checkId)
        .containsExactly("web-ttl");
  }

  @Test
  void registeringACheckIdAnotherInstanceHasIs400() {
    api.register("{\"ID\": \"web-2\", \"Name\": \"web\"}");

    HttpResponse<String> response = api.put("/v1/agent/check/register",
        "{\"ID\": \"web-ttl\", \"Name\": \"stolen\", \"ServiceID\": \"web-2\", \"TTL\": \"1m\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("CheckID 'web-ttl' is already used by service 'web-1'; check ids must be unique");
    assertThat(api.discovery.instance("web-2").orElseThrow().checks()).isEmpty();
  }

  @Test
  void deregisterRemovesACheckWithPutOrDelete() {
    api.putOk("/v1/agent/check/register", "{\"Name\": \"disk\", \"ServiceID\": \"web-1\", \"TTL\": \"1m\"}");

    api.putOk("/v1/agent/check/deregister/disk", "");
    HttpResponse<String> delete = api.delete("/v1/agent/check/deregister/web-ttl");

    assertThat(delete.statusCode()).isEqualTo(200);
    assertThat(delete.body()).isEmpty();
    assertThat(api.discovery.instance("web-1").orElseThrow().checks()).isEmpty();
    assertThat(fieldNames(api.getJson("/v1/agent/checks"))).isEmpty();
    // Without checks the instance is passing again.
    assertThat(status("web-1")).isEqualTo(HealthStatus.PASSING);
  }

  @Test
  void deregisteringAnUnknownCheckIs404() {
    HttpResponse<String> put = api.put("/v1/agent/check/deregister/ghost", "");
    HttpResponse<String> delete = api.delete("/v1/agent/check/deregister/ghost");

    assertThat(put.statusCode()).isEqualTo(404);
    assertThat(put.body()).isEqualTo("Unknown check ID \"ghost\"");
    assertThat(delete.statusCode()).isEqualTo(404);
  }

  @Test
  void heartbeatsTakePutOnly() {
    HttpResponse<String> response = api.get("/v1/agent/check/pass/web-ttl");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("PUT");
  }

  private void registerHttpCheck() {
    api.putOk("/v1/agent/check/register", """
        {"ID": "web-http", "Name": "home page", "ServiceID": "web-1",
         "HTTP": "http://127.0.0.1:80/health", "Interval": "10s"}""");
  }

  private HealthStatus status(String id) {
    return api.discovery.instance(id).orElseThrow().status();
  }
}
