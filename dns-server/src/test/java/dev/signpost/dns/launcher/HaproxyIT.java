package dev.signpost.dns.launcher;

import static dev.signpost.dns.launcher.TestClients.http;
import static dev.signpost.dns.launcher.TestClients.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy 2.6 (Debian's {@code haproxy}) finding its servers through Signpost's SRV answers, with its default
 * resolver options: {@code server-template} over {@code _web._tcp.<domain>}, three instances on one address
 * with different ports. HAProxy pairs each SRV record with one address record of the additional section, so
 * when instances shared one target the third got no address; with a target per instance all three take
 * traffic, a deregistered one and one whose TTL check failed leave the rotation, and a new one joins it. The
 * delays seen are printed (the README's table quotes them).
 */
class HaproxyIT {

  /**
   * HAProxy's {@code timeout resolve}: how often it asks again, whatever the answer's TTL says (1 s is its default;
   * in HAProxy 2.6 {@code hold valid} does not apply to servers it resolves).
   */
  private static final Duration RESOLVE = Duration.ofSeconds(1);
  /** Signpost's default answer TTL ({@code --ttl}); HAProxy does not look at it. */
  private static final Duration TTL = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private final List<HttpServer> backends = new ArrayList<>();
  private SignpostServer signpost;
  private Process haproxy;

  @AfterEach
  void stop() throws Exception {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor();
    }
    backends.forEach(b -> b.stop(0));
    if (signpost != null) {
      signpost.close();
    }
  }

  @Test
  void haproxyBalancesOverThreeInstancesOnOneAddressAndFollowsDeregistrationFailedChecksAndNewInstances()
      throws Exception {
    Optional<Path> binary = ProxiedTraffic.binary("haproxy");
    assumeTrue(binary.isPresent(), "haproxy is not installed (apt-get install haproxy)");
    signpost = TestClients.startServer(Files.createDirectories(dir.resolve("data")));
    for (int i = 1; i <= 4; i++) {
      backends.add(ProxiedTraffic.backend(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "web-" + i));
    }
    register(signpost.httpAddress(), instance(1, ""));
    register(signpost.httpAddress(), instance(2,
        ", \"Check\": {\"CheckID\": \"web-2-alive\", \"TTL\": \"60s\", \"Status\": \"passing\"}"));
    register(signpost.httpAddress(), instance(3, ""));
    int frontend = ProxiedTraffic.freePort(InetAddress.getLoopbackAddress());
    haproxy = startHaproxy(binary.get(), frontend);
    ProxiedTraffic traffic = new ProxiedTraffic(frontend);

    assertThat(traffic.servedBy(Set.of("web-1", "web-2", "web-3"))).as("instances HAProxy sent traffic to")
        .containsExactlyInAnyOrder("web-1", "web-2", "web-3");

    long deregistered = System.nanoTime();
    assertThat(http(signpost.httpAddress(), "PUT", "/v1/agent/service/deregister/web-1", null).statusCode())
        .isEqualTo(200);
    Duration deregistration = traffic.absentAfter("web-1", deregistered);

    long failed = System.nanoTime();
    assertThat(http(signpost.httpAddress(), "PUT", "/v1/agent/check/fail/web-2-alive?note=broken", null)
        .statusCode()).isEqualTo(200);
    Duration failedCheck = traffic.absentAfter("web-2", failed);

    long added = System.nanoTime();
    register(signpost.httpAddress(), instance(4, ""));
    Duration newInstance = traffic.servedAfter("web-4", added);

    System.out.printf("HAProxy (timeout resolve %ds, answer TTL %ds): deregistered instance out after %d ms, failed"
            + " check out after %d ms, new instance in after %d ms%n", RESOLVE.toSeconds(), TTL.toSeconds(),
        deregistration.toMillis(), failedCheck.toMillis(), newInstance.toMillis());
    assertThat(List.of(deregistration, failedCheck, newInstance))
        .as("HAProxy noticed each change within timeout resolve + TTL")
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(RESOLVE.plus(TTL)));
  }

  /** Backend {@code i} (1-based) as instance {@code web-i}, with {@code more} fields. */
  private String instance(int i, String more) {
    return "{\"ID\": \"web-" + i + "\", \"Name\": \"web\", \"Address\": \"127.0.0.1\", \"Port\": "
        + backends.get(i - 1).getAddress().getPort() + more + "}";
  }

  private Process startHaproxy(Path binary, int frontend) throws IOException {
    InetSocketAddress dns = signpost.dnsAddress();
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(config, """
        global
          log stderr format raw local0 warning
        resolvers signpost
          nameserver signpost %s:%d
          accepted_payload_size 1232
          timeout resolve %ds
        defaults
          mode http
          timeout connect 2s
          timeout client 5s
          timeout server 5s
        frontend web
          bind 127.0.0.1:%d
          default_backend web
        backend web
          balance roundrobin
          server-template web 5 _web._tcp.service.local resolvers signpost init-addr none
        """.formatted(dns.getAddress().getHostAddress(), dns.getPort(), RESOLVE.toSeconds(), frontend),
        StandardCharsets.UTF_8);
    return new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
  }
}
