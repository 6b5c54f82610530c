package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.signpost.client.ServiceInstance;
import dev.signpost.client.SignpostClient;
import dev.signpost.client.Source;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client against the real server: it watches a service over the health API's blocking queries and
 * sees registrations and deregistrations, and, with the HTTP API unreachable, finds the instances through
 * the server's DNS SRV records, keeping the server's tiers.
 */
class ClientEndToEndTest {

  @TempDir
  static Path dataDir;

  static SignpostServer server;
  static InetSocketAddress api;

  @BeforeAll
  static void start() throws Exception {
    // The client's DNS queries come from the loopback address: zone a, as far as the server's tiers go.
    server = TestClients.startServer(dataDir, "--client-zone", "127.0.0.0/8=a");
    api = server.httpAddress();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void theClientSeesARegistrationAndADeregistrationThroughItsWatch() throws Exception {
    register(api, """
        {"ID": "orders-1", "Name": "orders", "Address": "10.0.3.1", "Port": 9001, "Locality": {"Zone": "a"},
         "Weights": {"Passing": 5}}""");
    try (SignpostClient client = SignpostClient.builder("orders").server("http://" + TestClients.hostPort(api))
        .reportOutcomes(false).build()) {
      assertThat(client.awaitInstances(Duration.ofSeconds(10))).isTrue();
      assertThat(client.instances()).extracting(ServiceInstance::id, ServiceInstance::zone,
          ServiceInstance::currentWeight).containsExactly(tuple("orders-1", "a", 5));
      assertThat(client.source()).isEqualTo(Source.SERVER);

      register(api, """
          {"ID": "orders-2", "Name": "orders", "Address": "10.0.3.2", "Port": 9002}""");
      await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(client.instances())
          .extracting(ServiceInstance::id).containsExactly("orders-1", "orders-2"));

      assertThat(http(api, "PUT", "/v1/agent/service/deregister/orders-1", null).statusCode()).isEqualTo(200);
      await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(client.instances())
          .extracting(ServiceInstance::id).containsExactly("orders-2"));
      assertThat(client.pick().hostPort()).isEqualTo("10.0.3.2:9002");
    }
  }

  @Test
  void withTheHttpApiUnreachableTheClientFindsTheInstancesInDnsSrvRecords() throws Exception {
    register(api, """
        {"ID": "stock-a", "Name": "stock", "Address": "10.0.4.1", "Port": 7001, "Locality": {"Zone": "a"},
         "Weights": {"Passing": 4}}""");
    register(api, """
        {"ID": "stock-b", "Name": "stock", "Address": "10.0.4.2", "Port": 7002, "Meta": {"zone": "b"}}""");

    try (SignpostClient client = SignpostClient.builder("stock").server("http://127.0.0.1:" + closedPort())
        .dns(server.dnsAddress(), "service.local").zone("a").watchBackoff(Duration.ofMillis(50),
            Duration.ofMillis(200)).reportOutcomes(false).build()) {
      assertThat(client.awaitInstances(Duration.ofSeconds(10))).isTrue();

      assertThat(client.source()).isEqualTo(Source.DNS);
      // Priority 1 (passing, in the asker's zone a) is kept as the client's zone; priority 2 as elsewhere.
      assertThat(client.instances()).extracting(ServiceInstance::address, ServiceInstance::port,
          ServiceInstance::zone, ServiceInstance::passing).containsExactlyInAnyOrder(
              tuple("10.0.4.1", 7001, "a", true), tuple("10.0.4.2", 7002, "", true));
      assertThat(client.instances()).filteredOn(i -> i.port() == 7001).singleElement()
          .satisfies(i -> {
            assertThat(i.id()).isEqualTo("0a000401-7001.addr.service.local:7001");
            assertThat(i.currentWeight()).isEqualTo(4);
          });
      for (int k = 0; k < 4; k++) {
        assertThat(client.pick().port()).as("the zone-a instance first, as the server's tiers say").isEqualTo(7001);
      }
      String reached = client.call(ServiceInstance::hostPort);
      assertThat(reached).isEqualTo("10.0.4.1:7001");
    }
  }
}
