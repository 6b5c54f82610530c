package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Cidr;
import dev.signpost.core.health.CheckTargets;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckTargetsApiTest {

  private final CheckTargets targets = CheckTargets.of(List.of(), List.of(Cidr.parse("127.0.0.2/32")));
  private final ApiFixture api = new ApiFixture(ApiFixture.silentProbes().checkTargets(targets).build());

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void aServiceCheckToTheMetadataAddressIsRefusedWith400NamingTheField() {
    HttpResponse<String> response = api.put("/v1/agent/service/register", """
        {"ID": "web-1", "Name": "web", "Port": 80,
         "Check": {"CheckID": "meta", "HTTP": "http://169.254.169.254/latest/meta-data/", "Interval": "10s"}}""");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(
        "check 'meta': Check.HTTP: target 169.254.169.254:80 is not allowed for health checks (link-local)");
    assertThat(api.discovery.instances()).isEmpty();
  }

  @Test
  void aCheckToTheApisOwnAddressIsRefusedWith400() {
    targets.apiListensOn(api.server.address());
    api.register("{\"ID\": \"web-1\", \"Name\": \"web\", \"Port\": 80}");
    int port = api.server.address().getPort();

    HttpResponse<String> response = api.put("/v1/agent/check/register",
        "{\"CheckID\": \"self\", \"Name\": \"self\", \"ServiceID\": \"web-1\", \"TCP\": \"127.0.0.1:" + port
            + "\", \"Interval\": \"10s\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("check 'self': Check.TCP: target 127.0.0.1:" + port
        + " is not allowed for health checks (Signpost's own HTTP API)");
  }

  @Test
  void aCheckToADeniedRangeIsRefusedAndOneToAHostNameIsAccepted() {
    HttpResponse<String> denied = api.put("/v1/agent/service/register", """
        {"ID": "web-1", "Name": "web", "Port": 80,
         "Checks": [{"CheckID": "deny", "HTTP": "http://127.0.0.2:8080/health", "Interval": "10s"}]}""");
    assertThat(denied.statusCode()).isEqualTo(400);
    assertThat(denied.body()).endsWith("(in --check-deny 127.0.0.2/32)");

    api.register("""
        {"ID": "web-1", "Name": "web", "Port": 80,
         "Checks": [{"CheckID": "named", "HTTP": "http://localhost:8080/health", "Interval": "10s"}]}""");
    assertThat(api.discovery.instance("web-1")).isPresent();
  }

  @Test
  void disableRedirectsIsStoredAndShownInTheChecksDefinitionAsConsulDoes() {
    api.register("""
        {"ID": "web-1", "Name": "web", "Port": 80,
         "Checks": [{"CheckID": "kept", "HTTP": "http://127.0.0.1:8080/", "Interval": "10s", "DisableRedirects": true},
                    {"CheckID": "followed", "HTTP": "http://127.0.0.1:8080/", "Interval": "10s"}]}""");

    assertThat(api.discovery.instance("web-1").orElseThrow().check("kept").orElseThrow().disableRedirects()).isTrue();
    assertThat(api.getJson("/v1/agent/checks").at("/kept/Definition/DisableRedirects").asBoolean()).isTrue();
    assertThat(api.getJson("/v1/agent/checks").at("/followed/Definition/DisableRedirects").asBoolean()).isFalse();
  }
}
