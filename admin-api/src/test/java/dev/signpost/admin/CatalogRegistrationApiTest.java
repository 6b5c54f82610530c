package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.cluster.Member;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code PUT /v1/catalog/register} and {@code /deregister}: external nodes, their services and checks. */
class CatalogRegistrationApiTest {

  private static final String DB1 = """
      {"Node": "db1", "Address": "10.0.0.5", "NodeMeta": {"rack": "r1"}, "TaggedAddresses": {"wan": "198.18.0.5"},
       "Service": {"ID": "pg-1", "Service": "pg", "Tags": ["primary"], "Port": 5432, "Meta": {"v": "16"}},
       "Check": {"CheckID": "pg-alive", "Name": "Postgres alive", "Status": "passing", "Output": "accepting",
                 "ServiceID": "pg-1", "Definition": {"TCP": "10.0.0.5:5432", "Interval": "5s"}}}""";

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void anExternalServiceAppearsInTheCatalogAndHealthOnItsNodeAtTheNodesAddress() {
    register(DB1);

    JsonNode entry = api.getJson("/v1/catalog/service/pg").get(0);
    assertThat(entry.get("Node").asText()).isEqualTo("db1");
    assertThat(entry.get("Address").asText()).isEqualTo("10.0.0.5");
    assertThat(entry.get("Datacenter").asText()).isEqualTo("dc1");
    assertThat(entry.at("/NodeMeta/rack").asText()).isEqualTo("r1");
    assertThat(entry.at("/TaggedAddresses/wan").asText()).isEqualTo("198.18.0.5");
    assertThat(entry.get("ServiceAddress").asText()).isEqualTo("10.0.0.5");
    assertThat(entry.get("ServicePort").asInt()).isEqualTo(5432);

    JsonNode health = api.getJson("/v1/health/service/pg?passing").get(0);
    assertThat(health.at("/Node/Node").asText()).isEqualTo("db1");
    assertThat(health.at("/Node/Address").asText()).isEqualTo("10.0.0.5");
    assertThat(health.get("Checks")).hasSize(1); // no serfHealth: no agent runs there
    JsonNode check = health.get("Checks").get(0);
    assertThat(check.get("CheckID").asText()).isEqualTo("pg-alive");
    assertThat(check.get("Node").asText()).isEqualTo("db1");
    assertThat(check.get("Status").asText()).isEqualTo("passing");
    assertThat(check.get("Output").asText()).isEqualTo("accepting");
    assertThat(check.get("Type").asText()).isEmpty();
  }

  @Test
  void anExternalNodeIsListedAndShownWithItsServicesButNotAsTheAgentsOwn() {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Address\": \"10.0.0.1\"}");
    register(DB1);

    assertThat(texts(api.getJson("/v1/catalog/nodes"), "Node")).containsExactly("db1", ApiFixture.NODE);
    JsonNode node = api.getJson("/v1/catalog/node/DB1");
    assertThat(fieldNames(node)).containsExactly("Node", "Services");
    assertThat(node.at("/Node/Node").asText()).isEqualTo("db1");
    assertThat(node.at("/Node/Address").asText()).isEqualTo("10.0.0.5");
    assertThat(node.at("/Node/ID").asText()).matches("[0-9a-f-]{36}");
    assertThat(fieldNames(node.get("Services"))).containsExactly("pg-1");
    assertThat(node.at("/Services/pg-1/Service").asText()).isEqualTo("pg");
    assertThat(texts(api.getJson("/v1/catalog/node-services/db1").get("Services"), "ID")).containsExactly("pg-1");
    assertThat(fieldNames(api.getJson("/v1/catalog/node/" + ApiFixture.NODE).get("Services")))
        .containsExactly("web-1");

    assertThat(fieldNames(api.getJson("/v1/agent/services"))).containsExactly("web-1");
    assertThat(api.get("/v1/agent/service/pg-1").statusCode()).isEqualTo(404);
    assertThat(fieldNames(api.getJson("/v1/agent/checks"))).isEmpty();
    assertThat(api.put("/v1/agent/service/deregister/pg-1", "").statusCode()).isEqualTo(404);
    assertThat(api.put("/v1/agent/check/pass/pg-alive", "").statusCode()).isEqualTo(404);
    assertThat(api.discovery.instance("pg-1")).isPresent();
  }

  @Test
  void anUnknownNodeIsConsulsNullAndItsBlockingQueryWakesWhenItIsRegistered() throws Exception {
    // A real index to wait on: an empty registry reports 1 for its 0, the index the registration below takes,
    // so a poll that arrived after it could not tell.
    api.register("{\"ID\": \"w1\", \"Name\": \"web\"}");
    HttpResponse<String> unknown = api.get("/v1/catalog/node/nowhere");
    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(unknown.body()).isEqualTo("null");

    CompletableFuture<HttpResponse<String>> poll =
        api.getAsync("/v1/catalog/node/db1?index=" + ApiFixture.consulIndex(unknown) + "&wait=30s");
    register(DB1);

    assertThat(api.json(poll.get(10, TimeUnit.SECONDS)).at("/Node/Node").asText()).isEqualTo("db1");
  }

  @Test
  void aNewAddressMovesTheServicesThatUseTheNodesAndSkipNodeUpdateKeepsTheNode() {
    register(DB1);

    register("{\"Node\": \"db1\", \"Address\": \"10.0.0.9\"}");
    assertThat(api.getJson("/v1/catalog/service/pg").get(0).get("ServiceAddress").asText()).isEqualTo("10.0.0.9");

    register("""
        {"Node": "db1", "SkipNodeUpdate": true,
         "Check": {"CheckID": "pg-alive", "Status": "critical", "ServiceID": "pg-1"}}""");
    JsonNode node = api.getJson("/v1/catalog/node/db1");
    assertThat(node.at("/Node/Address").asText()).isEqualTo("10.0.0.9");
    assertThat(node.at("/Node/Meta")).isEmpty();
    assertThat(api.getJson("/v1/health/service/pg?passing")).isEmpty();
    assertThat(api.getJson("/v1/health/checks/pg").get(0).get("Status").asText()).isEqualTo("critical");
  }

  @Test
  void deregisteringACheckThenAServiceThenTheNodeRemovesEachAndSucceedsAgain() {
    register(DB1);
    register("""
        {"Node": "db1", "Address": "10.0.0.5",
         "Service": {"ID": "pg-2", "Service": "pg", "Address": "10.0.0.6", "Port": 5432}}""");

    deregister("{\"Node\": \"db1\", \"CheckID\": \"pg-alive\"}");
    assertThat(api.getJson("/v1/health/checks/pg")).isEmpty();
    deregister("{\"Node\": \"db1\", \"ServiceID\": \"pg-2\"}");
    assertThat(texts(api.getJson("/v1/catalog/service/pg"), "ServiceID")).containsExactly("pg-1");
    deregister("{\"Node\": \"db1\"}");
    assertThat(api.getJson("/v1/catalog/service/pg")).isEmpty();
    assertThat(api.get("/v1/catalog/node/db1").body()).isEqualTo("null");
    deregister("{\"Node\": \"db1\"}");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"Address\": \"10.0.0.5\"}                                                   | Node is missing",
      "{\"Node\": \"db.1\", \"Address\": \"10.0.0.5\"}                                | Node 'db.1' is not a valid DNS label",
      "{\"Node\": \"db1\"}                                                           | Address is missing",
      "{\"Node\": \"db1\", \"Address\": \"10.0.0.5\", \"ID\": \"x\"}                   | ID 'x' must be a 36-character UUID",
      "{\"Node\": \"db1\", \"Address\": \"10.0.0.5\", \"NodeMeta\": {\"consul-a\": \"b\"}} | NodeMeta key 'consul-a'",
      "{\"Node\": \"db1\", \"Address\": \"10.0.0.5\", \"Service\": {\"Port\": 1}}       | Service.Service is missing",
      "{\"Node\": \"db1\", \"Address\": \"10.0.0.5\", \"Service\": {\"Service\": \"pg\", \"Port\": 70000}} | Service.Port",
      "{\"Node\": \"db1\", \"Address\": \"10.0.0.5\", \"Check\": {\"CheckID\": \"c\"}}  | Check.ServiceID is missing",
      "{\"Node\": \"db1\", \"Address\": \"10.0.0.5\", \"Checks\": [{\"CheckID\": \"c\", \"ServiceID\": \"x\", \"Status\": \"ok\"}]} | Checks[0].Status must be passing, warning or critical",
      "{\"Node\": \"db1\", \"Address\": \"10.0.0.5\", \"Check\": {\"CheckID\": \"c\", \"ServiceID\": \"nope\"}} | Check.ServiceID 'nope' is not a service of node 'db1'",
      "{\"Node\": \"node-a\", \"Address\": \"10.0.0.5\"}                              | Node 'node-a' is a Signpost agent",
  })
  void invalidRegistrationsAre400sNamingTheFieldAndWriteNothing(String body, String message) {
    HttpResponse<String> response = api.put("/v1/catalog/register", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).contains(message);
    assertThat(api.discovery.nodes()).isEmpty();
    assertThat(api.discovery.index()).isZero();
  }

  @Test
  void aServiceIdOfTheAgentOrAnotherDatacenterIsRefused() {
    api.register("{\"ID\": \"pg-1\", \"Name\": \"pg\"}");

    HttpResponse<String> taken = api.put("/v1/catalog/register", DB1);
    HttpResponse<String> elsewhere = api.put("/v1/catalog/register",
        "{\"Node\": \"db2\", \"Address\": \"10.0.0.5\", \"Datacenter\": \"dc9\"}");

    assertThat(taken.statusCode()).isEqualTo(400);
    assertThat(taken.body()).contains("ID 'pg-1' is already used by a service of this agent");
    assertThat(elsewhere.statusCode()).isEqualTo(500);
    assertThat(elsewhere.body()).isEqualTo("No path to datacenter");
  }

  @Test
  void withAclsRegisteringNeedsNodeWriteAndServiceWrite() {
    ServiceDiscovery discovery = ApiFixture.silentProbes().build();
    try (ApiFixture acl = new ApiFixture(discovery, AclConfig.denyByDefault(), new FakeMembership(ApiFixture.NODE,
        List.of(new Member(ApiFixture.NODE, "127.0.0.1", 8500, "dc1", true))))) {
      String nodeOnly = ApiFixture.tokenWithRules(discovery, "node \"db1\" { policy = \"write\" }");
      String serviceOnly = ApiFixture.tokenWithRules(discovery, "service \"pg\" { policy = \"write\" }");
      String both = ApiFixture.tokenWithRules(discovery, "node \"db1\" { policy = \"write\" }\nservice \"pg\" { policy = \"write\" }");

      assertThat(acl.put("/v1/catalog/register?token=" + nodeOnly, DB1).statusCode()).isEqualTo(403);
      assertThat(acl.put("/v1/catalog/register?token=" + serviceOnly, DB1).statusCode()).isEqualTo(403);
      assertThat(discovery.index()).isEqualTo(6); // the three policies and tokens only
      assertThat(acl.put("/v1/catalog/register?token=" + both, DB1).statusCode()).isEqualTo(200);
      assertThat(acl.put("/v1/catalog/deregister?token=" + serviceOnly, "{\"Node\": \"db1\"}").statusCode())
          .isEqualTo(403);
      assertThat(acl.put("/v1/catalog/deregister?token=" + both, "{\"Node\": \"db1\"}").statusCode())
          .isEqualTo(200);
      assertThat(discovery.nodes()).isEmpty();
    }
  }

  private void register(String body) {
    HttpResponse<String> response = api.put("/v1/catalog/register", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("true");
  }

  private void deregister(String body) {
    HttpResponse<String> response = api.put("/v1/catalog/deregister", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("true");
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.get(field).asText()));
    return out;
  }
}
