package dev.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signpost.core.ServiceDiscovery;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DNS rebinding: an API on loopback answers only requests for its own hosts, over real sockets. */
class HostCheckApiTest {

  private static final String EVIL = "GET /v1/agent/self HTTP/1.1\r\nHost: evil.example:8500\r\n\r\n";

  private final ServiceDiscovery discovery = ServiceDiscovery.inMemory();
  private AdminServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
    discovery.close();
  }

  @Test
  void aRequestForAnotherHostGets403NamingIt() throws IOException {
    start(List.of());
    try (RawConnection client = new RawConnection(server.address(), Duration.ofSeconds(10))) {
      client.send(EVIL);

      String response = client.readResponse();

      assertThat(RawConnection.status(response)).isEqualTo(403);
      assertThat(response).contains("Host 'evil.example:8500' is not allowed");
      client.awaitClosedByServer();
    }
  }

  @Test
  void aHostGivenAsAllowedIsAnswered() throws IOException {
    start(List.of("evil.example"));
    try (RawConnection client = new RawConnection(server.address(), Duration.ofSeconds(10))) {
      client.send(EVIL);

      assertThat(RawConnection.status(client.readResponse())).isEqualTo(200);
    }
  }

  private void start(List<String> allowedHosts) {
    server = AdminServer.start(discovery, new AdminConfig(InetAddress.getLoopbackAddress(), 0, "dc1", "n1", 1 << 20)
        .withAllowedHosts(allowedHosts));
  }
}
