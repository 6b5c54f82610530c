package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.Instance;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CatalogApiTest {

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void catalogServicesMapsEachNameToTheUnionOfItsTags() {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\", \"Tags\": [\"b\", \"a\"]}");
    api.register("{\"ID\": \"w2\", \"Name\": \"web\", \"Tags\": [\"c\", \"b\"]}");
    api.register("{\"ID\": \"d1\", \"Name\": \"db\"}");

    JsonNode services = api.getJson("/v1/catalog/services");

    assertThat(fieldNames(services)).containsExactly("db", "web");
    assertThat(texts(services.get("web"))).containsExactly("a", "b", "c");
    assertThat(services.get("db")).isEmpty();
  }

  @Test
  void catalogServiceListsInstancesInConsulsCatalogServiceShape() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Tags": ["v1"], "Address": "10.0.0.1", "Port": 8080,
         "Meta": {"version": "2"}, "Weights": {"Passing": 5, "Warning": 1}}""");
    Instance stored = api.discovery.instance("web-1").orElseThrow();

    HttpResponse<String> response = api.get("/v1/catalog/service/web");
    JsonNode list = api.json(response);

    assertThat(list).hasSize(1);
    JsonNode entry = list.get(0);
    assertThat(fieldNames(entry)).containsExactly("ID", "Node", "Address", "Datacenter", "TaggedAddresses",
        "NodeMeta", "ServiceKind", "ServiceID", "ServiceName", "ServiceTags", "ServiceAddress",
        "ServiceTaggedAddresses", "ServiceWeights", "ServiceMeta", "ServicePort", "ServiceEnableTagOverride",
        "CreateIndex", "ModifyIndex");
    assertThat(entry.get("ID").asText()).matches("[0-9a-f-]{36}");
    assertThat(entry.get("Node").asText()).isEqualTo(ApiFixture.NODE);
    assertThat(entry.get("Address").asText()).isEqualTo("127.0.0.1");
    assertThat(entry.get("Datacenter").asText()).isEqualTo("dc1");
    assertThat(entry.at("/TaggedAddresses/lan").asText()).isEqualTo("127.0.0.1");
    assertThat(entry.get("NodeMeta").has("consul-network-segment")).isTrue();
    assertThat(entry.get("ServiceID").asText()).isEqualTo("web-1");
    assertThat(entry.get("ServiceName").asText()).isEqualTo("web");
    assertThat(texts(entry.get("ServiceTags"))).containsExactly("v1");
    assertThat(entry.get("ServiceAddress").asText()).isEqualTo("10.0.0.1");
    assertThat(entry.at("/ServiceTaggedAddresses/lan_ipv4/Address").asText()).isEqualTo("10.0.0.1");
    assertThat(entry.at("/ServiceWeights/Passing").asInt()).isEqualTo(5);
    assertThat(entry.at("/ServiceMeta/version").asText()).isEqualTo("2");
    assertThat(entry.get("ServicePort").asInt()).isEqualTo(8080);
    assertThat(entry.get("ServiceEnableTagOverride").asBoolean()).isFalse();
    assertThat(entry.get("CreateIndex").asLong()).isEqualTo(stored.createIndex());
    assertThat(entry.get("ModifyIndex").asLong()).isEqualTo(stored.modifyIndex());
    assertThat(ApiFixture.consulIndex(response)).isEqualTo(api.discovery.index());
    assertThat(response.headers().firstValue("X-Consul-KnownLeader")).hasValue("true");
    assertThat(response.headers().firstValue("X-Consul-LastContact")).hasValue("0");
  }

  @Test
  void localityAppearsAsServiceLocalityWhenSet() {
    api.register("{\"Name\": \"web\", \"Locality\": {\"Region\": \"us\", \"Zone\": \"b\"}}");

    JsonNode entry = api.getJson("/v1/catalog/service/web").get(0);

    assertThat(entry.at("/ServiceLocality/Region").asText()).isEqualTo("us");
    assertThat(entry.at("/ServiceLocality/Zone").asText()).isEqualTo("b");
  }

  @Test
  void repeatedTagParametersMustAllMatchWithoutRegardToCase() {
    api.register("{\"ID\": \"w1\", \"Name\": \"web\", \"Tags\": [\"v1\", \"Primary\"]}");
    api.register("{\"ID\": \"w2\", \"Name\": \"web\", \"Tags\": [\"v1\"]}");
    api.register("{\"ID\": \"w3\", \"Name\": \"web\", \"Tags\": [\"v2\"]}");

    assertThat(ids(api.getJson("/v1/catalog/service/web?tag=v1"))).containsExactly("w1", "w2");
    assertThat(ids(api.getJson("/v1/catalog/service/web?tag=v1&tag=primary"))).containsExactly("w1");
    assertThat(ids(api.getJson("/v1/catalog/service/web?tag=v3"))).isEmpty();
  }

  @Test
  void serviceNamesMatchWithoutRegardToCase() {
    api.register("{\"Name\": \"Web\"}");

    assertThat(api.getJson("/v1/catalog/service/web")).hasSize(1);
  }

  @Test
  void unknownServiceIsAnEmptyList() {
    HttpResponse<String> response = api.get("/v1/catalog/service/nothing-here");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[]");
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.forEach(e -> ids.add(e.get("ServiceID").asText()));
    return ids;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
