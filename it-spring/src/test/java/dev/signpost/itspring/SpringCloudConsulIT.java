package dev.signpost.itspring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot 3.5 with Spring Cloud Consul 4.3 (Spring Cloud 2025.0), unchanged, against the packaged jar: the app
 * imports its configuration from Signpost's KV ({@code config/demo/} and {@code config/application/}), watches it
 * with blocking queries and refreshes when a value changes, discovers a service registered over HTTP, and registers
 * itself with a TTL check whose heartbeats keep it passing, until it stops and deregisters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringCloudConsulIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private SignpostJar signpost;
  private ConfigurableApplicationContext app;

  @BeforeAll
  void startSignpostThenTheApp(@TempDir Path dir) throws Exception {
    signpost = SignpostJar.start(Files.createDirectories(dir.resolve("data")));
    // Before the app starts: its configuration is read once at start-up, then watched.
    putKey("config/demo/greeting", "hello from signpost");
    putKey("config/demo/mood", "calm");
    putKey("config/application/shared/owner", "platform team");
    app = new SpringApplicationBuilder(DemoApplication.class).run(
        "--spring.application.name=demo",
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--spring.main.banner-mode=off",
        "--logging.level.root=WARN",
        "--spring.config.import=consul:",
        "--spring.cloud.consul.host=127.0.0.1",
        "--spring.cloud.consul.port=" + signpost.api.getPort(),
        // The watch's blocking queries: short, so a change shows within a few seconds in this test.
        "--spring.cloud.consul.config.watch.wait-time=1",
        "--spring.cloud.consul.config.watch.delay=100",
        "--spring.cloud.consul.discovery.prefer-ip-address=true",
        "--spring.cloud.consul.discovery.ip-address=127.0.0.1",
        "--spring.cloud.consul.discovery.heartbeat.enabled=true",
        "--spring.cloud.consul.discovery.heartbeat.ttl=10s");
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (signpost != null) {
      signpost.close();
    }
  }

  @Test
  void theAppReadsItsPropertiesFromTheKvUnderItsNameAndUnderApplication() {
    assertThat(app.getEnvironment().getProperty("greeting")).isEqualTo("hello from signpost");
    assertThat(app.getEnvironment().getProperty("shared.owner")).as("config/application/shared/owner")
        .isEqualTo("platform team");
    assertThat(app.getBean(DemoApplication.Mood.class).value()).isEqualTo("calm");
  }

  @Test
  void aChangedValueReachesTheAppThroughTheConfigWatch() throws Exception {
    putKey("config/demo/mood", "cheerful");

    DemoApplication.Mood mood = app.getBean(DemoApplication.Mood.class);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(app.getBean(DemoApplication.ChangedKeys.class).keys()).contains("mood");
      assertThat(mood.value()).isEqualTo("cheerful");
    });
  }

  @Test
  void theDiscoveryClientFindsAServiceRegisteredOverHttp() throws Exception {
    HttpResponse<String> registered = send("PUT", "/v1/agent/service/register", """
        {"ID": "web-1", "Name": "web", "Address": "10.0.0.5", "Port": 8080, "Tags": ["v1"],
         "Meta": {"version": "1.2"}}""");
    assertThat(registered.statusCode()).isEqualTo(200);

    DiscoveryClient discovery = app.getBean(DiscoveryClient.class);
    assertThat(discovery.getServices()).contains("web", "demo");
    List<ServiceInstance> web = discovery.getInstances("web");
    assertThat(web).singleElement().satisfies(i -> {
      assertThat(i.getInstanceId()).isEqualTo("web-1");
      assertThat(i.getHost()).isEqualTo("10.0.0.5");
      assertThat(i.getPort()).isEqualTo(8080);
      assertThat(i.getMetadata()).containsEntry("version", "1.2");
    });
  }

  @Test
  void theAppRegistersItselfWithATtlCheckItsHeartbeatsKeepPassing() throws Exception {
    String id = app.getBean(Registration.class).getInstanceId();
    int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));

    JsonNode catalog = JSON.readTree(send("GET", "/v1/catalog/service/demo", null).body());
    assertThat(catalog).singleElement().satisfies(s -> {
      assertThat(s.path("ServiceID").asText()).isEqualTo(id);
      assertThat(s.path("ServiceAddress").asText()).isEqualTo("127.0.0.1");
      assertThat(s.path("ServicePort").asInt()).isEqualTo(port);
    });
    JsonNode check = JSON.readTree(send("GET", "/v1/agent/checks", null).body()).path("service:" + id);
    assertThat(check.path("ServiceID").asText()).isEqualTo(id);
    assertThat(check.path("Type").asText()).isEqualTo("ttl");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(send("GET", "/v1/agent/health/service/id/" + id + "?format=text", null).body())
            .as("the app's first heartbeat passed its check").isEqualTo("passing"));
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void theAppDeregistersItselfWhenItStops() throws Exception {
    String id = app.getBean(Registration.class).getInstanceId();
    assertThat(send("GET", "/v1/agent/service/" + id, null).statusCode()).isEqualTo(200);

    app.close();
    app = null;

    assertThat(send("GET", "/v1/agent/service/" + id, null).statusCode()).isEqualTo(404);
  }

  /** Consul's {@code PUT /v1/kv/<key>} with the raw value as the body; answers {@code true} when stored. */
  private void putKey(String key, String value) throws IOException, InterruptedException {
    HttpResponse<String> r = send("PUT", "/v1/kv/" + key, value);
    assertThat(r.statusCode()).as("PUT /v1/kv/%s: %s", key, r.body()).isEqualTo(200);
    assertThat(r.body().strip()).isEqualTo("true");
  }

  private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + signpost.api.getPort() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
