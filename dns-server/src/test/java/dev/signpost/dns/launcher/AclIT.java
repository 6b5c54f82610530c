package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 14 with the packaged jar, tried as an attacker and as a Consul user would: with {@code --acl-enabled}
 * nothing changes without a token that allows it, reads show only what the token may read, tokens and
 * policies survive a crash, and DNS answers are not filtered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AclIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dataDir;

  @Test
  void nothingChangesWithoutATokenThatAllowsItAndReadsAreFiltered() throws Exception {
    String management;
    String webWriter;
    try (SignpostProcess server = SignpostProcess.start(dataDir, "--acl-enabled")) {
      InetSocketAddress api = server.api;
      HttpResponse<String> anonymous = call(api, "PUT", "/v1/agent/service/register", null,
          "{\"ID\":\"db-1\",\"Name\":\"db\",\"Address\":\"10.0.0.9\",\"Port\":5432}");
      assertThat(anonymous.statusCode()).isEqualTo(403);
      assertThat(anonymous.body()).isEqualTo("Permission denied");
      assertThat(call(api, "GET", "/v1/agent/self", null, null).statusCode()).isEqualTo(403);
      assertThat(call(api, "GET", "/v1/agent/services", "6f3c1a52-9a1e-4c1b-9d0e-6a4bd8c3e0aa", null).body())
          .isEqualTo("ACL not found");

      HttpResponse<String> bootstrap = call(api, "PUT", "/v1/acl/bootstrap", null, null);
      assertThat(bootstrap.statusCode()).isEqualTo(200);
      management = JSON.readTree(bootstrap.body()).get("SecretID").asText();
      assertThat(call(api, "PUT", "/v1/acl/bootstrap", null, null).statusCode()).isEqualTo(403);

      assertThat(call(api, "PUT", "/v1/agent/service/register", management,
          "{\"ID\":\"db-1\",\"Name\":\"db\",\"Address\":\"10.0.0.9\",\"Port\":5432}").statusCode()).isEqualTo(200);
      HttpResponse<String> badRules = call(api, "PUT", "/v1/acl/policy", management,
          "{\"Name\":\"broken\",\"Rules\":\"service \\\"web\\\" {\\n  policy = \\\"sometimes\\\"\\n}\"}");
      assertThat(badRules.statusCode()).isEqualTo(400);
      assertThat(badRules.body()).contains("line 2");
      assertThat(call(api, "PUT", "/v1/acl/policy", management, "{\"Name\":\"web-writers\",\"Rules\":"
          + "\"service_prefix \\\"web-\\\" { policy = \\\"write\\\" }\\nservice_prefix \\\"\\\" { policy = \\\"read\\\" }\"}")
          .statusCode()).isEqualTo(200);
      assertThat(call(api, "PUT", "/v1/acl/policy", management,
          "{\"Name\":\"web-readers\",\"Rules\":\"service_prefix \\\"web-\\\" { policy = \\\"read\\\" }\"}")
          .statusCode()).isEqualTo(200);
      HttpResponse<String> created = call(api, "PUT", "/v1/acl/token", management,
          "{\"Description\":\"web deployer\",\"Policies\":[{\"Name\":\"web-writers\"}]}");
      assertThat(created.statusCode()).isEqualTo(200);
      JsonNode token = JSON.readTree(created.body());
      webWriter = token.get("SecretID").asText();
      assertThat(token.at("/Policies/0/Name").asText()).isEqualTo("web-writers");
      String webReader = JSON.readTree(call(api, "PUT", "/v1/acl/token", management,
          "{\"Policies\":[{\"Name\":\"web-readers\"}]}").body()).get("SecretID").asText();

      // A token that may write web-* cannot touch db, nor take over db's id.
      assertThat(call(api, "PUT", "/v1/agent/service/register", webWriter,
          "{\"ID\":\"web-1\",\"Name\":\"web-api\",\"Address\":\"10.0.0.1\",\"Port\":80}").statusCode()).isEqualTo(200);
      assertThat(call(api, "PUT", "/v1/agent/service/register", webWriter,
          "{\"ID\":\"db-2\",\"Name\":\"db\",\"Address\":\"10.6.6.6\",\"Port\":5432}").statusCode()).isEqualTo(403);
      assertThat(call(api, "PUT", "/v1/agent/service/register", webWriter,
          "{\"ID\":\"db-1\",\"Name\":\"web-evil\",\"Address\":\"10.6.6.6\",\"Port\":5432}").statusCode()).isEqualTo(403);
      assertThat(call(api, "PUT", "/v1/agent/service/deregister/db-1", webWriter, null).statusCode()).isEqualTo(403);
      assertThat(call(api, "PUT", "/v1/agent/service/maintenance/db-1?enable=true", webWriter, null).statusCode())
          .isEqualTo(403);
      assertThat(call(api, "PUT", "/v1/acl/token", webWriter, "{\"Policies\":[]}").statusCode()).isEqualTo(403);

      // Reads: the bearer and ?token= forms work too; what the token may not read is left out, and said so.
      HttpResponse<String> readerView = HTTP.send(HttpRequest.newBuilder(uri(api, "/v1/agent/services"))
          .header("Authorization", "Bearer " + webReader).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(readerView.body()).fieldNames()).toIterable().containsExactly("web-1");
      assertThat(readerView.headers().firstValue("X-Consul-Results-Filtered-By-ACLs")).contains("true");
      HttpResponse<String> catalog = call(api, "GET", "/v1/catalog/services?token=" + webReader, null, null);
      assertThat(JSON.readTree(catalog.body()).fieldNames()).toIterable().containsExactly("web-api");
      assertThat(JSON.readTree(call(api, "GET", "/v1/agent/services", webWriter, null).body()).fieldNames())
          .toIterable().containsExactly("db-1", "web-1");
      assertThat(call(api, "GET", "/v1/agent/self", management, null).statusCode()).isEqualTo(200);
      assertThat(call(api, "GET", "/v1/acl/tokens", webWriter, null).statusCode()).isEqualTo(403);

      // DNS answers are not filtered.
      assertThat(TestClients.query(server.dns, false, "db.service.local.", Type.A).getSection(Section.ANSWER))
          .hasSize(1);
      server.kill();
    }

    try (SignpostProcess restarted = SignpostProcess.start(dataDir, "--acl-enabled")) {
      assertThat(call(restarted.api, "PUT", "/v1/agent/service/deregister/web-1", webWriter, null).statusCode())
          .isEqualTo(200);
      assertThat(call(restarted.api, "GET", "/v1/acl/token/self", management, null).statusCode()).isEqualTo(200);
      restarted.close();
      // The change's one log line names who made it by the token's accessor id, never its secret.
      assertThat(restarted.stderr())
          .containsPattern("index \\d+ by token [0-9a-f-]+ from 127\\.0\\.0\\.1: web-1 \\(web-api\\) deregistered")
          .doesNotContain(webWriter).doesNotContain(management);
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
            .doesNotContain(management).doesNotContain(webWriter);
      }
    }
  }

  @Test
  void anInitialManagementTokenFromAFileWorksAtOnce() throws Exception {
    String secret = "3f6b2c1e-8d4a-4f2b-9c7e-1a2b3c4d5e6f";
    Path file = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-token"), secret + "\n");
    try (SignpostProcess server = SignpostProcess.start(dataDir, "--acl-enabled",
        "--acl-initial-management-token-file", file.toString())) {
      assertThat(call(server.api, "PUT", "/v1/agent/service/register", secret,
          "{\"Name\":\"web\",\"Port\":80}").statusCode()).isEqualTo(200);
      assertThat(call(server.api, "PUT", "/v1/acl/bootstrap", null, null).statusCode()).isEqualTo(403);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static HttpResponse<String> call(InetSocketAddress api, String method, String path, String token,
      String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(api, path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("X-Consul-Token", token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(InetSocketAddress api, String path) {
    return URI.create("http://" + Main.hostPort(api) + path);
  }
}
