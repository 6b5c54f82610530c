package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.Instance;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ACL switches as the API applies them; the full flow is tried with the jar in AclIT. */
class AclApiTest {

  @Test
  void withAclsOffEveryoneMayChangeAnythingAndTheAclApiSaysItIsDisabled() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build())) {
      api.register("{\"ID\": \"web-1\", \"Name\": \"web\"}");
      HttpResponse<String> tokens = api.get("/v1/acl/tokens");
      HttpResponse<String> bootstrap = api.put("/v1/acl/bootstrap", "");

      assertThat(tokens.statusCode()).isEqualTo(401);
      assertThat(tokens.body()).isEqualTo("ACL support disabled");
      assertThat(bootstrap.statusCode()).isEqualTo(401);
      assertThat(api.get("/v1/agent/self").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void defaultAllowLetsAnonymousWriteServicesButNeverManageAcls() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), new AclConfig(true, true))) {
      api.register("{\"ID\": \"web-1\", \"Name\": \"web\"}");

      assertThat(api.get("/v1/acl/tokens").statusCode()).isEqualTo(403);
      assertThat(api.put("/v1/acl/policy", "{\"Name\": \"x\"}").statusCode()).isEqualTo(403);
      assertThat(api.get("/v1/agent/services").headers().firstValue("X-Consul-Results-Filtered-By-ACLs")).isEmpty();
    }
  }

  @Test
  void defaultDenyRefusesAnonymousWritesAndHidesEveryService() {
    try (ApiFixture api = new ApiFixture(ApiFixture.silentProbes().build(), AclConfig.denyByDefault())) {
      api.discovery.register(Instance.of("web-1", "web", "10.0.0.1", 80, List.of()))
          .toCompletableFuture().join();

      HttpResponse<String> register = api.put("/v1/agent/service/register", "{\"Name\": \"db\"}");
      HttpResponse<String> services = api.get("/v1/agent/services");

      assertThat(register.statusCode()).isEqualTo(403);
      assertThat(register.body()).isEqualTo("Permission denied");
      assertThat(services.body()).isEqualTo("{}");
      assertThat(services.headers().firstValue("X-Consul-Results-Filtered-By-ACLs")).contains("true");
      assertThat(api.get("/v1/health/state/any").body()).isEqualTo("[]");
      assertThat(api.get("/metrics").statusCode()).isEqualTo(403);
      assertThat(api.put("/v1/signpost/reload", "").statusCode()).isEqualTo(403);
    }
  }
}
