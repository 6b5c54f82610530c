package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signpost.core.ServiceDiscovery;
import dev.signpost.core.acl.AclPolicy;
import dev.signpost.core.acl.AclToken;
import dev.signpost.core.cluster.Membership;
import dev.signpost.core.health.ManualScheduler;
import dev.signpost.core.testing.ManualTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A real AdminServer on 127.0.0.1, an ephemeral port and an in-memory registry, plus an HTTP client. By
 * default HTTP and TCP checks never report (their probes never complete) and the health engine's clock stands
 * still (no TTL runs out), so every check stays in its initial state until a test changes it.
 */
final class ApiFixture implements AutoCloseable {

  static final String NODE = "node-a";

  final ServiceDiscovery discovery;
  final AdminServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  ApiFixture() {
    this(AdminConfig.DEFAULT_MAX_BODY_BYTES);
  }

  ApiFixture(int maxBodyBytes) {
    this(silentProbes().build(), maxBodyBytes);
  }

  /** Serves {@code discovery}, which the fixture closes. */
  ApiFixture(ServiceDiscovery discovery) {
    this(discovery, AdminConfig.DEFAULT_MAX_BODY_BYTES);
  }

  /** Serves {@code discovery} with these server operations (metrics, reload). */
  ApiFixture(ServiceDiscovery discovery, ServerOperations operations) {
    this(discovery, AdminConfig.DEFAULT_MAX_BODY_BYTES, operations);
  }

  private ApiFixture(ServiceDiscovery discovery, int maxBodyBytes) {
    this(discovery, maxBodyBytes, ServerOperations.NONE);
  }

  private ApiFixture(ServiceDiscovery discovery, int maxBodyBytes, ServerOperations operations) {
    this(discovery, maxBodyBytes, operations, AclConfig.DISABLED);
  }

  /** Serves {@code discovery} enforcing ACLs as {@code acl} says. */
  ApiFixture(ServiceDiscovery discovery, AclConfig acl) {
    this(discovery, AdminConfig.DEFAULT_MAX_BODY_BYTES, ServerOperations.NONE, acl);
  }

  /** Serves {@code discovery} with {@code operations}, enforcing ACLs as {@code acl} says. */
  ApiFixture(ServiceDiscovery discovery, ServerOperations operations, AclConfig acl) {
    this(discovery, AdminConfig.DEFAULT_MAX_BODY_BYTES, operations, acl);
  }

  private ApiFixture(ServiceDiscovery discovery, int maxBodyBytes, ServerOperations operations, AclConfig acl) {
    this.discovery = discovery;
    server = AdminServer.start(discovery, new AdminConfig(InetAddress.getLoopbackAddress(), 0,
        AdminConfig.DEFAULT_DATACENTER, NODE, maxBodyBytes), operations, acl);
  }

  /** Serves {@code discovery} as {@code cluster}'s {@code self()}, with ACLs as {@code acl} says. */
  ApiFixture(ServiceDiscovery discovery, AclConfig acl, Membership cluster) {
    this.discovery = discovery;
    server = AdminServer.start(discovery, new AdminConfig(InetAddress.getLoopbackAddress(), 0,
        cluster.self().datacenter(), cluster.self().name(), AdminConfig.DEFAULT_MAX_BODY_BYTES),
        ServerOperations.NONE, acl, cluster);
  }

  /**
   * A registry whose HTTP and TCP probes never complete, on a health clock no one advances: no test depends on
   * the network or on time passing. A test that wants checks to run gives the builder its own
   * {@link ManualScheduler} and advances it.
   */
  static ServiceDiscovery.Builder silentProbes() {
    return silentProbes(new ManualTime());
  }

  /** {@link #silentProbes()} on this time, which the test moves itself. */
  static ServiceDiscovery.Builder silentProbes(ManualTime time) {
    return ServiceDiscovery.builder().time(time).healthScheduler(new ManualScheduler(time))
        .probe(check -> new CompletableFuture<>());
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
  }

  HttpResponse<String> get(String pathAndQuery) {
    return send("GET", pathAndQuery, BodyPublishers.noBody());
  }

  HttpResponse<String> put(String pathAndQuery, String body) {
    return send("PUT", pathAndQuery, BodyPublishers.ofString(body));
  }

  HttpResponse<String> send(String method, String pathAndQuery, BodyPublisher body) {
    return send(method, pathAndQuery, body, new String[0]);
  }

  /** A request with these headers (name, value, name, value...). */
  HttpResponse<String> send(String method, String pathAndQuery, BodyPublisher body, String... headers) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).method(method, body)
          .timeout(Duration.ofSeconds(30));
      if (headers.length > 0) {
        request.headers(headers);
      }
      return http.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET whose body is kept as bytes (a key's value, {@code ?raw}). */
  HttpResponse<byte[]> sendBytes(String pathAndQuery) {
    try {
      return http.send(request("GET", pathAndQuery, BodyPublishers.noBody()), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
    return http.sendAsync(request("GET", pathAndQuery, BodyPublishers.noBody()), BodyHandlers.ofString());
  }

  private HttpRequest request(String method, String pathAndQuery, BodyPublisher body) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).method(method, body).timeout(Duration.ofSeconds(30)).build();
  }

  /** Registers through the API and checks that it was accepted. */
  void register(String definition) {
    HttpResponse<String> response = put("/v1/agent/service/register", definition);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  HttpResponse<String> delete(String pathAndQuery) {
    return send("DELETE", pathAndQuery, BodyPublishers.noBody());
  }

  CompletableFuture<HttpResponse<String>> putAsync(String pathAndQuery, String body) {
    return http.sendAsync(request("PUT", pathAndQuery, BodyPublishers.ofString(body)), BodyHandlers.ofString());
  }

  JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return body(response);
  }

  /** The JSON body whatever the status, for the endpoints whose status code is part of the answer. */
  JsonNode body(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    try {
      return mapper.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A write through the API that must succeed with Consul's empty 200. */
  void putOk(String pathAndQuery, String body) {
    HttpResponse<String> response = put(pathAndQuery, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  JsonNode getJson(String pathAndQuery) {
    return json(get(pathAndQuery));
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** The secret of a new token whose one policy has these rules. */
  static String tokenWithRules(ServiceDiscovery discovery, String rules) {
    String policyId = UUID.randomUUID().toString();
    discovery.acl().putPolicy(new AclPolicy(policyId, "p-" + policyId.substring(0, 8), "", rules, 0, 0))
        .toCompletableFuture().join();
    String secret = UUID.randomUUID().toString();
    discovery.acl().putToken(new AclToken(UUID.randomUUID().toString(), AclToken.hash(secret), "",
        List.of(policyId), false, Instant.now(), 0, 0)).toCompletableFuture().join();
    return secret;
  }

  static long consulIndex(HttpResponse<?> response) {
    return Long.parseLong(response.headers().firstValue("X-Consul-Index").orElseThrow());
  }

  @Override
  public void close() {
    server.close();
    discovery.close();
  }
}
