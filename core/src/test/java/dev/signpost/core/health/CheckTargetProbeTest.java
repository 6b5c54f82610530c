package dev.signpost.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signpost.core.CheckSpec;
import dev.signpost.core.CheckState;
import dev.signpost.core.Cidr;
import dev.signpost.core.HealthStatus;
import dev.signpost.core.health.http.TestEndpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The network probes under a check target policy, against real sockets on loopback. */
class CheckTargetProbeTest {

  /** Denies 127.0.0.2, where {@link #denied} listens, and nothing else beyond the always-denied. */
  private final CheckTargets targets = CheckTargets.of(List.of(), List.of(Cidr.parse("127.0.0.2/32")));
  private final Probe probe = Probe.network(ProbeLimits.DEFAULT, targets);
  private final ServerSocket denied;
  private TestEndpoint endpoint;

  CheckTargetProbeTest() throws Exception {
    denied = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"));
  }

  @AfterEach
  void stop() throws Exception {
    probe.close();
    denied.close();
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private static CheckSpec http(String url, boolean disableRedirects) {
    return new CheckSpec("c", "", "", url, "", null, false, "", null, Duration.ofSeconds(1), Duration.ofSeconds(5),
        null, 0, 0, 0, null, disableRedirects);
  }

  private static CheckSpec tcp(String target) {
    return new CheckSpec("c", "", "", "", "", null, false, target, null, Duration.ofSeconds(1), Duration.ofSeconds(5),
        null, 0, 0, 0, null);
  }

  private CheckState run(Probe p, CheckSpec check) throws Exception {
    return p.run(check).toCompletableFuture().get(20, TimeUnit.SECONDS).state();
  }

  /** The probe has ended; a connection it made would be waiting in the backlog. */
  private static void assertNoConnection(ServerSocket server) throws Exception {
    server.setSoTimeout(200);
    assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
  }

  private static TestEndpoint redirecting(String location) throws Exception {
    return TestEndpoint.answering("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");
  }

  private String deniedUrl(String scheme) {
    return scheme + "://127.0.0.2:" + denied.getLocalPort() + "/health";
  }

  @Test
  void aHostNameResolvingToADeniedAddressIsCriticalAndNothingConnects() throws Exception {
    CheckTargets noLoopback = CheckTargets.of(List.of(), List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")));
    endpoint = TestEndpoint.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    int port = Integer.parseInt(endpoint.url("").replaceAll(".*:", ""));
    try (Probe p = Probe.network(ProbeLimits.DEFAULT, noLoopback)) {
      CheckState http = run(p, http("http://localhost:" + port + "/health", false));
      CheckState tcp = run(p, tcp("localhost:" + port));

      assertThat(http.status()).isEqualTo(HealthStatus.CRITICAL);
      assertThat(http.output()).matches("HTTP GET http://localhost:" + port
          + "/health: target (127\\.0\\.0\\.1|\\[0:0:0:0:0:0:0:1\\]):" + port
          + " is not allowed for health checks \\(in --check-deny .*\\)");
      assertThat(tcp.status()).isEqualTo(HealthStatus.CRITICAL);
      assertThat(tcp.output()).contains("is not allowed for health checks");
      assertThat(endpoint.accepted()).isZero();
      assertThat(noLoopback.denied()).isEqualTo(2);
    }
  }

  @Test
  void aLiteralDeniedTargetIsCriticalAtTheProbeToo() throws Exception {
    CheckState state = run(probe, tcp("127.0.0.2:" + denied.getLocalPort()));

    assertThat(state).isEqualTo(new CheckState(HealthStatus.CRITICAL, "TCP connect 127.0.0.2:" + denied.getLocalPort()
        + ": target 127.0.0.2:" + denied.getLocalPort()
        + " is not allowed for health checks (in --check-deny 127.0.0.2/32)"));
    assertNoConnection(denied);
  }

  @Test
  void aRedirectFromAnAllowedTargetToADeniedOneIsNotFollowed() throws Exception {
    endpoint = redirecting(deniedUrl("http"));
    CheckState state = run(probe, http(endpoint.url("/start"), false));

    assertThat(state.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(state.output()).isEqualTo("HTTP GET " + endpoint.url("/start") + ": target 127.0.0.2:"
        + denied.getLocalPort() + " is not allowed for health checks (in --check-deny 127.0.0.2/32)");
    assertThat(endpoint.accepted()).isEqualTo(1);
    assertNoConnection(denied);
    assertThat(targets.denied()).isEqualTo(1);
  }

  @Test
  void aRedirectToADeniedHttpsTargetIsJudgedBeforeTheJdksClientConnects() throws Exception {
    endpoint = redirecting(deniedUrl("https"));
    CheckState state = run(probe, http(endpoint.url("/start"), false));

    assertThat(state.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(state.output()).endsWith("target 127.0.0.2:" + denied.getLocalPort()
        + " is not allowed for health checks (in --check-deny 127.0.0.2/32)");
    assertNoConnection(denied);
  }

  @Test
  void aRedirectToTheLinkLocalMetadataAddressIsNotFollowed() throws Exception {
    endpoint = redirecting("http://169.254.169.254/latest/meta-data/");
    CheckState state = run(probe, http(endpoint.url("/start"), false));

    assertThat(state.output()).endsWith("target 169.254.169.254:80 is not allowed for health checks (link-local)");
  }

  @Test
  void disableRedirectsMakesTheRedirectTheResultAsConsulDoes() throws Exception {
    try (TestEndpoint target = TestEndpoint.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
      endpoint = redirecting(target.url("/health"));

      CheckState kept = run(probe, http(endpoint.url("/start"), true));
      assertThat(kept).isEqualTo(new CheckState(HealthStatus.CRITICAL,
          "HTTP GET " + endpoint.url("/start") + ": 302 Found Output: "));
      assertThat(target.accepted()).isZero();

      CheckState followed = run(probe, http(endpoint.url("/start"), false));
      assertThat(followed.status()).isEqualTo(HealthStatus.PASSING);
      assertThat(target.accepted()).isEqualTo(1);
    }
  }

  @Test
  void anIdleConnectionIsNotReusedOnceItsAddressIsDenied() throws Exception {
    CheckTargets later = CheckTargets.standard();
    endpoint = TestEndpoint.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    int port = Integer.parseInt(endpoint.url("").replaceAll(".*:", ""));
    try (Probe p = Probe.network(ProbeLimits.DEFAULT, later)) {
      assertThat(run(p, http(endpoint.url("/health"), false)).status()).isEqualTo(HealthStatus.PASSING);
      later.apiListensOn(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));

      CheckState state = run(p, http(endpoint.url("/health"), false));
      assertThat(state.output()).endsWith("target 127.0.0.1:" + port
          + " is not allowed for health checks (Signpost's own HTTP API)");
      assertThat(endpoint.requests).hasSize(1);
    }
  }
}
