package dev.signpost.admin;

import static dev.signpost.admin.ApiFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signpost.core.CheckSpec;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.Instance;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentServiceApiTest {

  private final ApiFixture api = new ApiFixture();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void registeredServiceIsListedInConsulsAgentServiceShape() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Tags": ["v1", "primary"], "Address": "10.0.0.1", "Port": 8080,
         "Meta": {"version": "1.2"}, "Weights": {"Passing": 10, "Warning": 2},
         "Locality": {"Region": "eu-west", "Zone": "a"}}""");

    JsonNode services = api.getJson("/v1/agent/services");

    assertThat(fieldNames(services)).containsExactly("web-1");
    JsonNode web = services.get("web-1");
    assertThat(fieldNames(web)).containsExactly("ID", "Service", "Tags", "Meta", "Port", "Address",
        "TaggedAddresses", "Weights", "EnableTagOverride", "Datacenter", "Locality");
    assertThat(web.get("ID").asText()).isEqualTo("web-1");
    assertThat(web.get("Service").asText()).isEqualTo("web");
    assertThat(web.get("Tags")).hasSize(2);
    assertThat(web.get("Tags").get(0).asText()).isEqualTo("v1");
    assertThat(web.get("Meta").get("version").asText()).isEqualTo("1.2");
    assertThat(web.get("Port").asInt()).isEqualTo(8080);
    assertThat(web.get("Address").asText()).isEqualTo("10.0.0.1");
    assertThat(web.at("/TaggedAddresses/lan_ipv4/Address").asText()).isEqualTo("10.0.0.1");
    assertThat(web.at("/TaggedAddresses/wan_ipv4/Port").asInt()).isEqualTo(8080);
    assertThat(web.at("/Weights/Passing").asInt()).isEqualTo(10);
    assertThat(web.at("/Weights/Warning").asInt()).isEqualTo(2);
    assertThat(web.get("EnableTagOverride").asBoolean()).isFalse();
    assertThat(web.get("Datacenter").asText()).isEqualTo("dc1");
    assertThat(web.at("/Locality/Region").asText()).isEqualTo("eu-west");
    assertThat(web.at("/Locality/Zone").asText()).isEqualTo("a");
  }

  @Test
  void idDefaultsToTheName() {
    api.register("{\"Name\": \"billing\", \"Port\": 9000}");

    assertThat(api.discovery.instance("billing")).map(i -> i.service().value()).hasValue("billing");
    assertThat(api.getJson("/v1/agent/service/billing").get("ID").asText()).isEqualTo("billing");
  }

  @Test
  void registeringAnExistingIdReplacesIt() {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Port\": 80, \"Tags\": [\"old\"]}");
    long created = api.discovery.instance("web-1").orElseThrow().createIndex();

    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Port\": 81, \"Tags\": [\"new\"]}");

    assertThat(api.discovery.instances()).hasSize(1);
    Instance replaced = api.discovery.instance("web-1").orElseThrow();
    assertThat(replaced.port()).isEqualTo(81);
    assertThat(replaced.tags()).containsExactly("new");
    assertThat(replaced.createIndex()).isEqualTo(created);
    assertThat(api.getJson("/v1/agent/services").get("web-1").get("Port").asInt()).isEqualTo(81);
  }

  @Test
  void emptyOrAbsentAddressBecomesTheCallersAddress() {
    api.register("{\"ID\": \"a\", \"Name\": \"web\", \"Address\": \"\"}");
    api.register("{\"ID\": \"b\", \"Name\": \"web\"}");

    assertThat(api.discovery.instance("a").orElseThrow().address()).isEqualTo("127.0.0.1");
    assertThat(api.discovery.instance("b").orElseThrow().address()).isEqualTo("127.0.0.1");
  }

  @Test
  void hostNameAndIpv6AddressesAreKept() {
    api.register("{\"ID\": \"h\", \"Name\": \"web\", \"Address\": \"web-1.example.internal\"}");
    api.register("{\"ID\": \"v6\", \"Name\": \"web\", \"Address\": \"2001:db8::1\", \"Port\": 80}");

    JsonNode services = api.getJson("/v1/agent/services");
    assertThat(services.at("/h/Address").asText()).isEqualTo("web-1.example.internal");
    assertThat(services.get("h").has("TaggedAddresses")).isFalse();
    assertThat(services.at("/v6/TaggedAddresses/lan_ipv6/Address").asText()).isEqualTo("2001:db8::1");
  }

  @Test
  void fieldNamesMatchWithoutRegardToCase() {
    api.register("""
        {"id": "w1", "name": "web", "port": 8080, "tags": ["x"], "address": "10.1.1.1",
         "meta": {"k": "v"}, "weights": {"passing": 3, "warning": 1},
         "check": {"ttl": "10s", "status": "passing", "checkid": "alive"}}""");

    Instance i = api.discovery.instance("w1").orElseThrow();
    assertThat(i.port()).isEqualTo(8080);
    assertThat(i.tags()).containsExactly("x");
    assertThat(i.address()).isEqualTo("10.1.1.1");
    assertThat(i.meta()).containsEntry("k", "v");
    assertThat(i.weights().passing()).isEqualTo(3);
    assertThat(i.checks()).singleElement().satisfies(c -> {
      assertThat(c.checkId()).isEqualTo("alive");
      assertThat(c.ttl()).isEqualTo(Duration.ofSeconds(10));
    });
  }

  @Test
  void unknownFieldsAreIgnored() {
    api.register("{\"Name\": \"web\", \"EnableTagOverride\": true, \"Kind\": \"\", \"Connect\": {\"Native\": false}}");

    assertThat(api.discovery.instance("web")).isPresent();
  }

  @Test
  void checkAndChecksAreStoredWithConsulsDefaults() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Port": 80,
         "Check": {"HTTP": "http://127.0.0.1:80/health", "Method": "HEAD", "Interval": "10s", "Timeout": "1.5s",
                   "Header": {"X-Probe": ["signpost"]}, "TLSSkipVerify": true, "Notes": "main page",
                   "SuccessBeforePassing": 2, "FailuresBeforeWarning": 1, "FailuresBeforeCritical": 3,
                   "DeregisterCriticalServiceAfter": "1h"},
         "Checks": [
           {"ID": "heartbeat", "Name": "beat", "TTL": "30s", "Status": "passing"},
           {"TCP": "127.0.0.1:80", "Interval": 15000000000, "deregister_critical_service_after": "2h45m"}
         ]}""");

    Instance i = api.discovery.instance("web-1").orElseThrow();
    assertThat(i.checks()).hasSize(3);
    CheckSpec http = i.checks().get(0);
    assertThat(http.kind()).isEqualTo(CheckSpec.Kind.HTTP);
    assertThat(http.checkId()).isEqualTo("service:web-1:1");
    assertThat(http.name()).isEqualTo("Service 'web' check");
    assertThat(http.method()).isEqualTo("HEAD");
    assertThat(http.header()).isEqualTo(Map.of("X-Probe", List.of("signpost")));
    assertThat(http.tlsSkipVerify()).isTrue();
    assertThat(http.notes()).isEqualTo("main page");
    assertThat(http.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(http.successBeforePassing()).isEqualTo(2);
    assertThat(http.failuresBeforeWarning()).isEqualTo(1);
    assertThat(http.failuresBeforeCritical()).isEqualTo(3);
    assertThat(http.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(http.initialStatus()).isEqualTo(HealthStatus.CRITICAL);
    CheckSpec ttl = i.checks().get(1);
    assertThat(ttl.checkId()).isEqualTo("heartbeat");
    assertThat(ttl.name()).isEqualTo("beat");
    assertThat(ttl.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ttl.initialStatus()).isEqualTo(HealthStatus.PASSING);
    CheckSpec tcp = i.checks().get(2);
    assertThat(tcp.tcp()).isEqualTo("127.0.0.1:80");
    assertThat(tcp.interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(tcp.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(165));
    // Each check starts in its initial Status (critical unless given); the instance is the worst of them.
    assertThat(i.checkState("heartbeat").orElseThrow().status()).isEqualTo(HealthStatus.PASSING);
    assertThat(i.checkState("service:web-1:1").orElseThrow().status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(i.status()).isEqualTo(HealthStatus.CRITICAL);
  }

  @Test
  void oneServiceIsServedByIdAndAnUnknownIdIs404() {
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Port\": 80}");

    JsonNode web = api.getJson("/v1/agent/service/web-1");
    assertThat(web.get("Service").asText()).isEqualTo("web");
    assertThat(web.has("CreateIndex")).isFalse();

    HttpResponse<String> missing = api.get("/v1/agent/service/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("Unknown service ID \"nope\"");
  }

  @Test
  void deregisterWorksWithPutAndDelete() {
    api.register("{\"ID\": \"a\", \"Name\": \"web\"}");
    api.register("{\"ID\": \"b\", \"Name\": \"web\"}");

    HttpResponse<String> put = api.put("/v1/agent/service/deregister/a", "");
    HttpResponse<String> delete = api.send("DELETE", "/v1/agent/service/deregister/b", BodyPublishers.noBody());

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.body()).isEmpty();
    assertThat(delete.statusCode()).isEqualTo(200);
    assertThat(api.discovery.instances()).isEmpty();
    assertThat(fieldNames(api.getJson("/v1/agent/services"))).isEmpty();
  }

  @Test
  void deregisteringAnUnknownIdIs404() {
    HttpResponse<String> response = api.put("/v1/agent/service/deregister/ghost", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("Unknown service ID \"ghost\"");
  }

  @Test
  void agentReadsCarryConsulIndexHeaders() {
    api.register("{\"Name\": \"web\"}");

    HttpResponse<String> response = api.get("/v1/agent/services");

    assertThat(ApiFixture.consulIndex(response)).isEqualTo(api.discovery.index());
    assertThat(response.headers().firstValue("X-Consul-KnownLeader")).hasValue("true");
    assertThat(response.headers().firstValue("X-Consul-LastContact")).hasValue("0");
  }
}
