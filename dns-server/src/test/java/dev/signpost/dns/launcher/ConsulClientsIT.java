package dev.signpost.dns.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.OperationException;
import com.ecwid.consul.v1.agent.model.NewService;
import com.ecwid.consul.v1.catalog.CatalogServicesRequest;
import com.ecwid.consul.v1.health.HealthServicesRequest;
import com.ecwid.consul.v1.health.model.HealthService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Consul clients against the jar with ACLs on: the Java client Spring Cloud Consul uses (consul-api)
 * and python-consul (Debian's python3-consul; skipped when it is not installed). Each passes its token as
 * its users do, and is refused without one. Debian's python-consul (0.7.1) deregisters with GET, which
 * Consul refuses since 1.0 (a GET must not change state: a web page could make a browser send one), and so
 * do we: 405.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsulClientsIT {

  private static final String MANAGEMENT = "7c1f2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b";

  @TempDir
  Path dataDir;

  @Test
  void theJavaClientSpringCloudConsulUsesWorksWithAToken() throws Exception {
    try (SignpostProcess server = SignpostProcess.start(dataDir, "--acl-enabled",
        "--acl-initial-management-token", MANAGEMENT)) {
      ConsulClient client = new ConsulClient("127.0.0.1", server.api.getPort());
      NewService service = new NewService();
      service.setId("orders-1");
      service.setName("orders");
      service.setAddress("10.0.0.5");
      service.setPort(8080);
      service.setTags(List.of("v1"));

      assertThatThrownBy(() -> client.agentServiceRegister(service))
          .isInstanceOfSatisfying(OperationException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
      client.agentServiceRegister(service, MANAGEMENT);

      assertThat(client.getCatalogServices(CatalogServicesRequest.newBuilder().setToken(MANAGEMENT).build())
          .getValue()).containsEntry("orders", List.of("v1"));
      List<HealthService> healthy = client.getHealthServices("orders",
          HealthServicesRequest.newBuilder().setToken(MANAGEMENT).build()).getValue();
      assertThat(healthy).singleElement()
          .satisfies(h -> assertThat(h.getService().getAddress()).isEqualTo("10.0.0.5"));
      assertThat(client.getCatalogServices(CatalogServicesRequest.newBuilder().build()).getValue())
          .as("anonymous under default deny reads nothing").isEmpty();
      client.agentServiceDeregister("orders-1", MANAGEMENT);
    }
  }

  @Test
  void pythonConsulWorksWithAToken() throws Exception {
    String python = "/usr/bin/python3";
    Process probe = new ProcessBuilder(python, "-c", "import consul").redirectErrorStream(true).start();
    boolean present = probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
    Assumptions.assumeTrue(present, "skipped: python-consul is not installed (Debian's python3-consul)");
    String script = String.join("\n",
        "import sys, consul",
        "port, token = int(sys.argv[1]), sys.argv[2]",
        "anonymous = consul.Consul(host='127.0.0.1', port=port)",
        "try:",
        "    anonymous.agent.service.register('py-web', service_id='py-web-1', address='10.0.0.7', port=8080)",
        "    print('anonymous registered')",
        "except consul.ACLPermissionDenied:",
        "    print('anonymous denied')",
        "c = consul.Consul(host='127.0.0.1', port=port, token=token)",
        "c.agent.service.register('py-web', service_id='py-web-1', address='10.0.0.7', port=8080, tags=['blue'])",
        "index, nodes = c.health.service('py-web')",
        "print('health', [n['Service']['Address'] for n in nodes], int(index) > 0)",
        "index, services = c.catalog.services()",
        "print('catalog', sorted(services))");
    try (SignpostProcess server = SignpostProcess.start(dataDir, "--acl-enabled",
        "--acl-initial-management-token", MANAGEMENT)) {
      Process p = new ProcessBuilder(python, "-c", script, Integer.toString(server.api.getPort()), MANAGEMENT)
          .redirectErrorStream(true).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("anonymous denied", "health ['10.0.0.7'] True", "catalog ['py-web']");
    }
  }
}
